namespace PixelFlow.Api.Files;

/// <summary>What deleting a file permanently removes (or, found without deleting, would remove).</summary>
/// <param name="Objects">Its original (when it arrived) and every rendition, with their sizes in bytes.</param>
/// <param name="Rows">The file's row and its renditions' rows.</param>
public sealed record FileRemoval(IReadOnlyList<(string Key, long Size)> Objects, int Rows);
