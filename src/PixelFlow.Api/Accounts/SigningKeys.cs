using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PixelFlow.Api.Accounts;

/// <summary>The key access tokens are signed with (ES256), and its public half as a JSON Web Key.</summary>
public sealed class SigningKeys
{
    public SigningKeys(IOptions<AuthOptions> options)
    {
        var key = TryLoad(options.Value.SigningKey ?? "", out var error)
                  ?? throw new InvalidOperationException($"Auth:SigningKey is not usable: {error}");
        var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        Public = new ECDsaSecurityKey(publicKey);
        // RFC 7638 thumbprint as key id: it changes exactly when the key does, so clients refetch the JWKS then.
        Public.KeyId = Base64UrlEncoder.Encode(Public.ComputeJwkThumbprint());
        Credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = Public.KeyId }, SecurityAlgorithms.EcdsaSha256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Public);
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        PublicJwk = jwk;
    }

    public ECDsaSecurityKey Public { get; }
    public JsonWebKey PublicJwk { get; }
    public SigningCredentials Credentials { get; }

    /// <summary>The EC P-256 private key in <paramref name="pem"/>, or null with the reason.</summary>
    public static ECDsa? TryLoad(string pem, out string? error)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            error = "expected a PEM EC private key ('-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----'): " + e.Message;
            return null;
        }

        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value || key.KeySize != 256)
        {
            key.Dispose();
            error = "the key must be on curve P-256 (ES256).";
            return null;
        }

        try
        {
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            error = "that is a public key; the private key is needed to sign.";
            return null;
        }

        error = null;
        return key;
    }
}
