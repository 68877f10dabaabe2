using Microsoft.AspNetCore.Authentication;

namespace PixelFlow.Api.Auth;

/// <summary>
/// How every bearer scheme of the API (project API keys, the operator key) reads the header and answers a failure:
/// a 401 problem whose detail says what was wrong, with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal static class AuthenticationFailures
{
    private const string DetailKey = "pixelflow.auth.failure";

    /// <summary>Reads the bearer token; answers the failure (null when a token was read).</summary>
    /// <param name="missingDetail">What to tell a client that sent no Authorization header.</param>
    public static AuthenticateResult? ReadBearer(HttpContext context, string missingDetail, out string token)
    {
        token = "";
        string? header = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Fail(context, missingDetail);
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(context, "The Authorization header must use the Bearer scheme.");
        }

        token = header["Bearer ".Length..].Trim();
        return null;
    }

    public static AuthenticateResult Fail(HttpContext context, string detail)
    {
        context.Items[DetailKey] = detail;
        return AuthenticateResult.Fail(detail);
    }

    public static Task ChallengeAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var detail = context.Items[DetailKey] as string ?? "Authentication is required.";
        return ProblemResults.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", detail).ExecuteAsync(context);
    }
}
