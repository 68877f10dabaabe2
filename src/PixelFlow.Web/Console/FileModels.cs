namespace PixelFlow.Web.Console;

// The API's file JSON (GET /v1/files/{id}, the project's file list), as the Files tab reads it.

/// <param name="Status">uploading | processing | ready | failed.</param>
/// <param name="Width">The original's width, once its job has read it.</param>
public sealed record ConsoleFile(
    Guid Id,
    Guid ProjectId,
    string Status,
    string OriginalFilename,
    string MediaType,
    long Bytes,
    int? Width,
    int? Height,
    IReadOnlyList<ConsoleFileVariant> Variants,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsSettled => Status is "ready" or "failed";

    /// <summary>
    /// The jobs that may still change this file: while it is processing, its upload's job (until that job ends, the
    /// file is not ready even when every variant is); then the job of any variant being made later.
    /// </summary>
    public IEnumerable<Guid> RunningJobs =>
        Variants.Where(variant => Status == "processing" || variant.Status == "pending")
            .Select(variant => variant.JobId).OfType<Guid>().Distinct();

    /// <summary>The smallest variant made, the grid's thumbnail; none while nothing is made.</summary>
    public ConsoleFileVariant? Thumbnail =>
        Variants.Where(variant => variant is { Status: "ready", Url: not null }).MinBy(variant => variant.Bytes);
}

/// <param name="Name">The preset's name.</param>
/// <param name="Status">missing | pending | ready | failed | stale.</param>
/// <param name="Url">Presigned GET URL of the stored variant, when ready.</param>
public sealed record ConsoleFileVariant(string Name, string Status, string Format, int? Width, int? Height, long? Bytes, string? Url,
    Guid? JobId, string? ErrorCode);

public sealed record FilePage(IReadOnlyList<ConsoleFile> Data, string? NextCursor);
