using System.Security.Cryptography;
using System.Text;

namespace PixelFlow.Tests.Webhooks;

/// <summary>
/// A receiver's check, written from the Standard Webhooks spec and independent of the service's signer: the key
/// is the base64 after <c>whsec_</c>; the header holds space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c>
/// entries over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>; one matching entry is enough.
/// </summary>
public static class StandardWebhooksVerifier
{
    public static bool Verifies(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(secret.Replace("whsec_", "", StringComparison.Ordinal));
        using var hmac = new HMACSHA256(key);
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts.Length == 2 && parts[0] == "v1" && CryptographicOperations.FixedTimeEquals(Decode(parts[1]), expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
