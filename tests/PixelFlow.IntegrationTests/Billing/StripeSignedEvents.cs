using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stripe;

namespace PixelFlow.Tests.Billing;

/// <summary>
/// Stripe events as Stripe sends them: the JSON body and its <c>Stripe-Signature</c> header,
/// <c>t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" keyed with the endpoint secret&gt;</c>
/// (https://docs.stripe.com/webhooks#verify-manually). Written out here rather than taken from Stripe.net, so the
/// API's verification is checked against the scheme, not against the library's own signer.
/// </summary>
public static class StripeSignedEvents
{
    public static string Event(string type, JsonObject dataObject, DateTimeOffset? created = null, string? id = null) =>
        new JsonObject
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = (created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();

    public static JsonObject CheckoutSession(Guid userId, string plan, string customer, string subscription) => new()
    {
        ["id"] = $"cs_test_{Guid.NewGuid():N}",
        ["object"] = "checkout.session",
        ["mode"] = "subscription",
        ["status"] = "complete",
        ["client_reference_id"] = userId.ToString(),
        ["customer"] = customer,
        ["subscription"] = subscription,
        ["metadata"] = new JsonObject { ["plan"] = plan, ["user_id"] = userId.ToString() },
    };

    public static JsonObject Subscription(string id, string customer, string status) => new()
    {
        ["id"] = id,
        ["object"] = "subscription",
        ["customer"] = customer,
        ["status"] = status,
    };

    public static string SignatureHeader(string payload, string secret, DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
