using System.Security.Cryptography;
using System.Text;

namespace PixelFlow.Api.Webhooks;

/// <summary>
/// Standard Webhooks signing: secrets are <c>whsec_&lt;base64&gt;</c>, and a signature is
/// <c>v1,&lt;base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))&gt;</c> where the key is the decoded base64 part.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes (the spec asks for 24 to 64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of the <c>webhook-signature</c> header: one <c>v1,…</c> entry per secret, space-separated.</summary>
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, id, timestamp, body)));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
