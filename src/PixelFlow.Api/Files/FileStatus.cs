namespace PixelFlow.Api.Files;

/// <summary>uploading (presigned, not completed) → processing (its variants' job runs) → ready | failed.</summary>
public enum FileStatus
{
    Uploading,
    Processing,
    Ready,
    Failed,
}

/// <summary>Where one rendition of a variant stands; a rendition of an older preset definition is shown as stale.</summary>
public enum RenditionStatus
{
    Pending,
    Ready,
    Failed,
}

public static class FileStatusExtensions
{
    public static string ToWire(this FileStatus status) => status.ToString().ToLowerInvariant();

    public static string ToWire(this RenditionStatus status) => status.ToString().ToLowerInvariant();

    public static FileStatus? ParseFileStatus(string text) =>
        Enum.TryParse<FileStatus>(text, ignoreCase: true, out var status) && status.ToWire() == text ? status : null;
}
