using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The token issuers of a test run: the API's own signing key (<c>Auth:SigningKey</c>, generated per run, as the
/// launcher does on a first run), and an external OpenID Connect issuer whose keys the tests hold, standing in for
/// Auth0: the API is configured with its authority and audience, and given its discovery document directly.
/// </summary>
public static class TestIssuers
{
    public static readonly string LocalSigningKeyPem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem();

    public const string ExternalAuthority = "https://issuer.external.test/";
    public const string ExternalAudience = "https://pixelflow.test/api";

    private static readonly ECDsaSecurityKey ExternalKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "external-1" };

    /// <summary>What the API would read from the issuer's <c>/.well-known/openid-configuration</c> and JWKS.</summary>
    public static OpenIdConnectConfiguration ExternalConfiguration()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = ExternalAuthority };
        configuration.SigningKeys.Add(ExternalKey);
        return configuration;
    }

    /// <summary>An access token of the external issuer for <paramref name="subject"/>; <paramref name="signingKey"/> forges one.</summary>
    public static string ExternalToken(string subject, string? email, SecurityKey? signingKey = null, string audience = ExternalAudience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ExternalAuthority,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(signingKey ?? ExternalKey, SecurityAlgorithms.EcdsaSha256),
            Claims = email is null
                ? new Dictionary<string, object> { ["sub"] = subject }
                : new Dictionary<string, object> { ["sub"] = subject, ["email"] = email },
        });
}
