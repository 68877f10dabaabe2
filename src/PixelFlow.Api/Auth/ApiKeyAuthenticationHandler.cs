using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using PixelFlow.Api.Extensions;

namespace PixelFlow.Api.Auth;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c>; a missing or unknown key is a 401 problem.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PixelFlowDbContext db,
    ActiveApiKeys keys,
    ApiKeyUsage usage,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ProjectIdClaim = "project_id";
    public const string KeyPrefixClaim = "key_prefix";

    /// <summary>The key's id: what usage records name as their cause.</summary>
    public const string ApiKeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AuthenticationFailures.ReadBearer(Context, "Send the project's API key as 'Authorization: Bearer <api key>'.", out var presented) is { } failure)
        {
            return failure;
        }

        var prefix = ApiKeys.PrefixOf(presented);
        var stored = prefix is null ? null : await keys.FindAsync(db, prefix, Context.RequestAborted);
        if (stored is null || !ApiKeys.Matches(stored.SecretHash, presented))
        {
            return AuthenticationFailures.Fail(Context, "The API key is unknown or revoked.");
        }

        if (stored.ExpiresAt <= clock.GetUtcNow())
        {
            return AuthenticationFailures.Fail(Context, $"The API key expired at {stored.ExpiresAt:O}.");
        }

        await usage.RecordAsync(db, stored.Id, Context.RequestAborted);

        var identity = new ClaimsIdentity(
            [new Claim(ProjectIdClaim, stored.ProjectId.ToString()), new Claim(KeyPrefixClaim, stored.Prefix),
                new Claim(ApiKeyIdClaim, stored.Id.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthenticationFailures.ChallengeAsync(Context);
}

/// <summary>The project the request acts on: its API key's, or the one a signed-in user named (Projects/ProjectScope.cs).</summary>
public static class ProjectClaims
{
    public static Guid ProjectId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.ProjectIdClaim)
                   ?? throw new InvalidOperationException("The request is bound to no project (an API key, or a user with the PixelFlow-Project header)."));

    /// <summary>The API key that authenticated the request, if one did.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyAuthenticationHandler.ApiKeyIdClaim), out var id) ? id : null;
}
