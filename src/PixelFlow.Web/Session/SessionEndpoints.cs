using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using PixelFlow.Web.Console;

namespace PixelFlow.Web.Session;

/// <summary>
/// Sign-up, sign-in and sign-out: the pages' forms post here (antiforgery-checked); each calls the API's
/// <c>/v1/auth</c> endpoints, keeps the tokens server-side and sets a cookie that names the session.
/// </summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/session");
        session.MapPost("/signin", SignIn);
        session.MapPost("/signup", SignUp);
        session.MapPost("/signout", SignOut);
        return app;
    }

    private static async Task<IResult> SignIn([FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl,
        HttpContext context, ApiTransport api, TokenStore tokens, CancellationToken cancellationToken)
    {
        try
        {
            await StartSessionAsync(context, api, tokens, email, password, cancellationToken);
            return Results.LocalRedirect(SafeReturn(returnUrl));
        }
        catch (ApiProblem problem)
        {
            return Results.LocalRedirect($"/signin?error={Uri.EscapeDataString(problem.Explanation)}&email={Uri.EscapeDataString(email)}");
        }
    }

    private static async Task<IResult> SignUp([FromForm] string email, [FromForm] string password, HttpContext context,
        ApiTransport api, TokenStore tokens, CancellationToken cancellationToken)
    {
        try
        {
            await api.SendAsync<UserInfo>(HttpMethod.Post, "/v1/auth/register", new { email, password }, null, cancellationToken);
            await StartSessionAsync(context, api, tokens, email, password, cancellationToken);
            return Results.LocalRedirect("/");
        }
        catch (ApiProblem problem)
        {
            var reasons = problem.Errors.SelectMany(e => e.Value).DefaultIfEmpty(problem.Explanation);
            return Results.LocalRedirect($"/signup?error={Uri.EscapeDataString(string.Join(" ", reasons))}&email={Uri.EscapeDataString(email)}");
        }
    }

    private static async Task<IResult> SignOut(HttpContext context, ApiTransport api, TokenStore tokens, CancellationToken cancellationToken)
    {
        if (context.User.FindFirstValue(ConsoleSession.SessionIdClaim) is { } sessionId && await tokens.GetAsync(sessionId) is { } current)
        {
            try
            {
                await api.SendAsync(HttpMethod.Post, "/v1/auth/logout", new { refresh_token = current.RefreshToken }, null, cancellationToken);
            }
            catch (ApiProblem)
            {
                // already revoked or expired: signing out here still ends the session
            }

            await tokens.RemoveAsync(sessionId);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/signin");
    }

    private static async Task StartSessionAsync(HttpContext context, ApiTransport api, TokenStore tokens, string email, string password,
        CancellationToken cancellationToken)
    {
        var pair = await api.SendAsync<TokenPair>(HttpMethod.Post, "/v1/auth/login", new { email, password }, null, cancellationToken);
        var me = await api.SendAsync<UserInfo>(HttpMethod.Get, "/v1/auth/me", null, pair.AccessToken, cancellationToken);
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await tokens.SaveAsync(sessionId, tokens.From(pair));
        var identity = new ClaimsIdentity(
            [new Claim(ConsoleSession.SessionIdClaim, sessionId), new Claim(ClaimTypes.NameIdentifier, me.Id.ToString()), new Claim(ClaimTypes.Name, me.Email)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.Add(TokenStore.Lifetime) });
    }

    /// <summary>Only a path on this site (an open redirect would let a link send a signed-in user anywhere).</summary>
    private static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : "/";
}
