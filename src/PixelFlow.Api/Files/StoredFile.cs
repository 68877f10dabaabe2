namespace PixelFlow.Api.Files;

/// <summary>
/// An uploaded original and where its variants stand. The original lives at <see cref="Key"/>
/// (<c>{projectId}/files/{fileId}.{ext}</c>); each variant (a project preset rendered from it) at
/// <c>{projectId}/{variant}/{fileId}.{ext}</c>, tracked by a <see cref="FileVariant"/>.
/// </summary>
public sealed class StoredFile : ProjectOwned
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public required string OriginalFilename { get; set; }

    /// <summary>Sniffed from the bytes (multipart), or declared and then checked against them (presigned upload).</summary>
    public required string MediaType { get; set; }

    public long Bytes { get; set; }

    /// <summary>Known once a job has read the original.</summary>
    public int? Width { get; set; }

    public int? Height { get; set; }
    public FileStatus Status { get; set; }

    /// <summary>SHA-256 of the original (hex); null until its bytes have arrived.</summary>
    public string? ContentHash { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set by a soft delete: the file is hidden (404) until it is purged with its objects.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public List<FileVariant> Variants { get; set; } = [];
}
