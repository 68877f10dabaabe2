namespace PixelFlow.Api.Files;

/// <summary>A file: its original and every variant (one per project preset) with its state.</summary>
/// <param name="Status">uploading | processing | ready | failed.</param>
/// <param name="Key">The original's storage key, <c>{project_id}/files/{id}.{ext}</c>.</param>
/// <param name="ContentHash">SHA-256 of the original (hex); null while uploading.</param>
/// <param name="Width">The original's width, once a job has read it.</param>
/// <param name="ContentUrl">The API URL answering with a redirect to the original (<c>?variant=NAME</c> for a variant).</param>
public sealed record FileResponse(
    Guid Id,
    Guid ProjectId,
    string Status,
    string Key,
    string OriginalFilename,
    string MediaType,
    long Bytes,
    int? Width,
    int? Height,
    string? ContentHash,
    string ContentUrl,
    IReadOnlyList<FileVariantResponse> Variants,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static FileResponse From(StoredFile file, IReadOnlyList<Preset> presets, ObjectStorage storage) =>
        new(file.Id, file.ProjectId, file.Status.ToWire(), file.Key, file.OriginalFilename, file.MediaType, file.Bytes, file.Width,
            file.Height, file.ContentHash, $"/v1/files/{file.Id}/content",
            presets.Select(preset => FileVariantResponse.From(file, preset, storage)).ToList(), file.CreatedAt, file.UpdatedAt);
}

/// <summary>One variant of a file.</summary>
/// <param name="Name">The preset's name.</param>
/// <param name="Status">
/// missing (not made yet: requesting its content starts it) | pending (its job runs) | ready | failed | stale (made
/// from an older definition of the preset: requesting its content makes it again).
/// </param>
/// <param name="Format">The stored format once ready, else the preset's (which may be <c>auto</c>).</param>
/// <param name="Url">Presigned GET URL of the stored variant, when ready.</param>
/// <param name="JobId">The job that makes (or made) it.</param>
/// <param name="ErrorCode">Why it failed (the job's error code).</param>
public sealed record FileVariantResponse(string Name, string Status, string Format, int? Width, int? Height, long? Bytes, string? Url,
    Guid? JobId, string? ErrorCode)
{
    public const string Missing = "missing";
    public const string Stale = "stale";

    public static FileVariantResponse From(StoredFile file, Preset preset, ObjectStorage storage)
    {
        var rendition = file.Variants.FirstOrDefault(variant => variant.Name == preset.Name);
        if (rendition is null)
        {
            return new(preset.Name, Missing, preset.Output.Format, null, null, null, null, null, null);
        }

        if (rendition.DefinitionHash != PresetDefinitions.Hash(preset.Output))
        {
            return new(preset.Name, Stale, preset.Output.Format, null, null, null, null, rendition.JobId, null);
        }

        return rendition is { Status: RenditionStatus.Ready, Key: { } key }
            ? new(preset.Name, rendition.Status.ToWire(), rendition.Format!, rendition.Width, rendition.Height, rendition.Bytes,
                storage.PresignGet(key).Url, rendition.JobId, null)
            : new(preset.Name, rendition.Status.ToWire(), preset.Output.Format, null, null, null, null, rendition.JobId, rendition.ErrorCode);
    }
}

/// <summary>A page of files; pass <c>next_cursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record FileListResponse(IReadOnlyList<FileResponse> Data, string? NextCursor);

/// <summary>Body of <c>POST /v1/projects/{id}/files/uploads</c>.</summary>
public sealed record CreateFileUploadRequest
{
    /// <summary>The file's name as the client knows it (1–255 characters).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Filename { get; init; }

    /// <summary>image/jpeg | image/png | image/webp | image/gif | image/tiff | image/heif | image/avif; checked against the bytes on completion.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? ContentType { get; init; }
}

/// <summary>The file, uploading, and where to PUT its bytes; then <c>POST /v1/files/{id}/complete</c>.</summary>
public sealed record FileUploadResponse(FileResponse File, Jobs.UploadInstructions Upload);

/// <summary>Answer to a variant that is not made yet: poll the content URL again after Retry-After seconds.</summary>
/// <param name="Status">pending, or failed.</param>
public sealed record VariantPendingResponse(Guid FileId, string Variant, string Status, Guid JobId);
