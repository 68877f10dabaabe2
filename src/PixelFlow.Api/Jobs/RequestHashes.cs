using System.Security.Cryptography;
using System.Text.Json;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Fingerprint of a job request for Idempotency-Key checks. Taken over the normalised request, so a retry that
/// formats its JSON differently (or uses the one-action shorthand instead of steps) still counts as the same.
/// </summary>
public static class RequestHashes
{
    public static string Of(string sourceType, string? webhookUrl, IReadOnlyList<OutputSpec> outputs, string? sourceDigest = null) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new { sourceType, webhookUrl, outputs, sourceDigest }, JsonColumn.Options)));
}
