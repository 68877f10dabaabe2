namespace PixelFlow.Api.Files;

/// <summary>Storage layout of a file's objects, and the file types an original may have.</summary>
public static class FileKeys
{
    /// <summary>Every object of the project's files, originals and variants: <c>{projectId}/</c>.</summary>
    public static string ProjectPrefix(Guid projectId) => $"{projectId}/";

    /// <summary>The original: <c>{projectId}/files/{fileId}.{ext}</c>.</summary>
    public static string Original(Guid projectId, Guid fileId, string extension) => $"{ProjectPrefix(projectId)}files/{fileId}.{extension}";

    /// <summary>A variant without its extension, which the worker adds for the format it encodes: <c>{projectId}/{variant}/{fileId}</c>.</summary>
    public static string VariantStem(Guid projectId, string variant, Guid fileId) => $"{ProjectPrefix(projectId)}{variant}/{fileId}";

    /// <summary>Sniffed format (<see cref="ImageSniffer.Accepted"/>) → the original's extension and media type.</summary>
    public static readonly IReadOnlyDictionary<string, (string Extension, string MediaType)> Formats =
        new Dictionary<string, (string, string)>
        {
            ["jpeg"] = ("jpg", "image/jpeg"),
            ["png"] = ("png", "image/png"),
            ["webp"] = ("webp", "image/webp"),
            ["gif"] = ("gif", "image/gif"),
            ["tiff"] = ("tiff", "image/tiff"),
            ["heif"] = ("heic", "image/heif"),
            ["avif"] = ("avif", "image/avif"),
        };

    public static string? FormatOfMediaType(string mediaType) =>
        Formats.FirstOrDefault(format => string.Equals(format.Value.MediaType, mediaType, StringComparison.OrdinalIgnoreCase)).Key;
}
