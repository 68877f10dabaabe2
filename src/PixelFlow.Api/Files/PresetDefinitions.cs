using System.Security.Cryptography;
using System.Text.Json;

namespace PixelFlow.Api.Files;

/// <summary>
/// Fingerprints a preset's normalised output, so a rendition made from an older definition is recognised as stale
/// without marking rows when a preset changes: the preset endpoints stay as they are, and a definition changed back
/// makes the earlier renditions current again.
/// </summary>
public static class PresetDefinitions
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>SHA-256 (hex) of the output's JSON, its id left out (renditions name it after the preset).</summary>
    public static string Hash(OutputSpec output) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(output with { Id = "" }, Canonical)));
}
