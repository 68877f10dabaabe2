using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Accounts;

/// <summary>Sign-in settings (section <c>Auth</c>), validated at start-up.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The private key access tokens are signed with: a PEM EC P-256 key (ES256), e.g. from
    /// <c>openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</c>. Its public half is published at
    /// <c>/.well-known/jwks.json</c>. The AppHost passes it as the secret parameter <c>auth-signing-key</c>.
    /// </summary>
    public string? SigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The <c>iss</c> of the tokens this API issues.</summary>
    [Required]
    public string Issuer { get; set; } = "pixelflow";

    /// <summary>An external OpenID Connect issuer whose access tokens are accepted too (e.g. an Auth0 tenant's URL); unset = none.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> the external issuer's tokens must carry (the API's identifier there).</summary>
    public string? Audience { get; set; }

    /// <summary>Failed passwords before an account is locked out for <see cref="LockoutDuration"/>.</summary>
    [Range(3, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login attempts per client IP: burst, and sustained per minute.</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerIp { get; set; } = 20;

    /// <summary>Login attempts per email address: burst, and sustained per minute.</summary>
    [Range(1, 1_000)]
    public int LoginAttemptsPerEmail { get; set; } = 10;

    public bool ExternalIssuerConfigured => !string.IsNullOrEmpty(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return new ValidationResult(
                "Auth:SigningKey is missing: set it to a PEM EC P-256 private key (openssl genpkey -algorithm EC -pkeyopt " +
                "ec_paramgen_curve:P-256). The AppHost passes its secret parameter auth-signing-key; ./pixelflow generates one.",
                [nameof(SigningKey)]);
        }
        else if (SigningKeys.TryLoad(SigningKey, out var error) is null)
        {
            yield return new ValidationResult($"Auth:SigningKey is not usable: {error}", [nameof(SigningKey)]);
        }

        if (ExternalIssuerConfigured != !string.IsNullOrEmpty(Audience))
        {
            yield return new ValidationResult(
                "Auth:Authority and Auth:Audience go together: set both to accept an external issuer's tokens, or neither.",
                [nameof(Authority), nameof(Audience)]);
        }
        else if (ExternalIssuerConfigured && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Auth:Authority must be the issuer's absolute URL (https://tenant.example.com/).", [nameof(Authority)]);
        }
    }
}
