using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace PixelFlow.Api.Auth;

/// <summary>
/// The operator's credential (<c>Admin:OperatorKey</c>, a secret): <c>Authorization: Bearer &lt;operator key&gt;</c> on
/// <c>/v1/admin/*</c>. Unset, the admin endpoints refuse everyone. Project API keys never pass.
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The AppHost generates one for local runs (the operator-key parameter; <c>./pixelflow up</c> prints it as
    /// OPERATOR_KEY). Long enough that guessing is hopeless: at least 32 characters.
    /// </summary>
    [MinLength(32)]
    public string? OperatorKey { get; set; }
}

public static class OperatorKey
{
    public const string SchemeName = "OperatorKey";
    public const string PolicyName = "operator";

    /// <summary>The scheme and the policy admin endpoints require (<c>RequireAuthorization(PolicyName)</c>).</summary>
    public static AuthenticationBuilder AddOperatorKey(this AuthenticationBuilder authentication, IServiceCollection services)
    {
        services.AddValidatedOptions<OperatorOptions>(OperatorOptions.SectionName);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
        return authentication.AddScheme<AuthenticationSchemeOptions, OperatorKeyAuthenticationHandler>(SchemeName, null);
    }
}

/// <summary>Accepts the configured operator key; a 401 problem otherwise (as for API keys).</summary>
public sealed class OperatorKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorOptions> operatorOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (operatorOptions.Value.OperatorKey is not { Length: > 0 } configured)
        {
            return Task.FromResult(AuthenticationFailures.Fail(Context, "No operator key is configured on this instance (Admin:OperatorKey)."));
        }

        if (AuthenticationFailures.ReadBearer(Context, "Send the operator key as 'Authorization: Bearer <operator key>'.", out var presented) is { } failure)
        {
            return Task.FromResult(failure);
        }

        // Hashes of equal length, compared in fixed time: neither the key's length nor its bytes leak through timing.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured))))
        {
            return Task.FromResult(AuthenticationFailures.Fail(Context, "The operator key is wrong (admin endpoints take the operator key, not a project's API key)."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, OperatorKey.PolicyName)], OperatorKey.SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorKey.SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthenticationFailures.ChallengeAsync(Context);
}
