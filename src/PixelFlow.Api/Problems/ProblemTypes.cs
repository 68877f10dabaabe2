using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Problems;

/// <summary>
/// Problem type URIs (RFC 9457). Relative references: each resolves against the API's base URL to a page
/// describing the problem (<c>GET /problems/{slug}</c>).
/// </summary>
public static class ProblemTypes
{
    /// <summary>Where every problem type's page is (<c>GET /problems/{slug}</c>).</summary>
    public const string Prefix = "/problems/";

    public const string Validation = Prefix + "validation";
    public const string MalformedRequest = Prefix + "malformed-request";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string AccountLocked = Prefix + "account-locked";
    public const string NotFound = Prefix + "not-found";
    public const string SourceNotUploaded = Prefix + "source-not-uploaded";
    public const string InvalidTransition = Prefix + "invalid-transition";
    public const string SourceTooLarge = Prefix + "source-too-large";
    public const string RateLimited = Prefix + "rate-limited";
    public const string IdempotencyConflict = Prefix + "idempotency-conflict";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string QuotaExceeded = Prefix + "quota-exceeded";
    public const string BillingDisabled = Prefix + "billing-disabled";
    public const string InvalidSignature = Prefix + "invalid-signature";
    public const string PaymentProviderError = Prefix + "payment-provider-error";
    public const string Unavailable = Prefix + "unavailable";
    public const string Internal = Prefix + "internal";

    /// <summary>Slug → one-line description, served at /problems/{slug} and listed in the README.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["validation"] = "A field of the request is invalid; 'errors' maps each offending field path to its messages.",
        ["malformed-request"] = "The body is not valid JSON, has an unknown field or a value of the wrong type; 'errors' maps the JSON path to what is expected there.",
        ["unauthorized"] = "No credentials, or credentials that are unknown, revoked or expired: send 'Authorization: Bearer <api key or access token>', or the email and password are wrong.",
        ["forbidden"] = "The credentials are valid but do not allow this: an owner action asked by a member, or an endpoint for API keys called with a user's access token (or the reverse).",
        ["account-locked"] = "Too many failed logins: the account refuses logins until the time the detail names.",
        ["not-found"] = "No such resource, or one the caller has no access to (another tenant's project answers the same).",
        ["source-not-uploaded"] = "The job cannot start, or the file be completed or read, before its source has been uploaded to the presigned URL.",
        ["invalid-transition"] = "The job's current status does not allow this action.",
        ["source-too-large"] = "The uploaded source exceeds the project's byte limit.",
        ["rate-limited"] = "The API key's token bucket is empty: wait the Retry-After seconds; RateLimit-* headers show the budget.",
        ["idempotency-conflict"] = "The Idempotency-Key was already used for a different request in this project.",
        ["unsupported-media-type"] = "The body's content type, or the uploaded file's sniffed format, is not accepted: JSON bodies need 'Content-Type: application/json'.",
        ["method-not-allowed"] = "The path exists but not with this HTTP method; the Allow header lists the methods it takes.",
        ["conflict"] = "The request conflicts with the resource's current state.",
        ["quota-exceeded"] = "The request would take the project past a quota of its owner's plan; 'quota', 'limit' and 'used' say which and how far (GET /v1/projects/{id}/usage shows them all).",
        ["billing-disabled"] = "This deployment has no Stripe key: there is no Checkout or customer portal, and the operator assigns plans (PUT /v1/admin/users/{id}/plan).",
        ["invalid-signature"] = "The webhook's signature header does not verify against the endpoint's signing secret, or its timestamp is outside the 5-minute tolerance.",
        ["payment-provider-error"] = "Stripe refused or failed the call; the detail carries its message. Nothing changed here.",
        ["unavailable"] = "A service PixelFlow depends on (database, cache, storage, broker) is unreachable: retry after the Retry-After seconds.",
        ["internal"] = "The request failed unexpectedly; report it with the problem's trace_id.",
    };
}
