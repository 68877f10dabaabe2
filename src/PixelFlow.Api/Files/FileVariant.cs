namespace PixelFlow.Api.Files;

/// <summary>
/// A file's rendition of one variant preset. Its key (file, name) is the primary key: concurrent first requests for
/// a variant race to insert this row, and only the winner starts a job.
/// </summary>
public sealed class FileVariant
{
    public Guid FileId { get; set; }

    /// <summary>The preset's name.</summary>
    public required string Name { get; set; }

    public RenditionStatus Status { get; private set; }

    /// <summary>The job that makes (or made) this rendition; its changes update this row.</summary>
    public Guid JobId { get; private set; }

    /// <summary><see cref="PresetDefinitions.Hash"/> of the preset it was (or is being) made from: differing from the preset's now, it is stale.</summary>
    public required string DefinitionHash { get; set; }

    public string? Key { get; private set; }
    public string? Format { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public long? Bytes { get; private set; }
    public string? ErrorCode { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A new rendition, or a stale or missing one made again, by <paramref name="jobId"/>.</summary>
    public void Restart(Guid jobId, string definitionHash, DateTimeOffset now)
    {
        Status = RenditionStatus.Pending;
        JobId = jobId;
        DefinitionHash = definitionHash;
        ErrorCode = null;
        UpdatedAt = now;
    }

    /// <summary>pending → ready with the stored output; anything else stays (a late or repeated report).</summary>
    public bool TryComplete(OutputResult output, DateTimeOffset now)
    {
        if (Status != RenditionStatus.Pending)
        {
            return false;
        }

        Status = RenditionStatus.Ready;
        Key = output.Key;
        Format = output.Format;
        Width = output.Width;
        Height = output.Height;
        Bytes = output.Bytes;
        UpdatedAt = now;
        return true;
    }

    /// <summary>pending → failed, with the job's error code.</summary>
    public bool TryFail(string errorCode, DateTimeOffset now)
    {
        if (Status != RenditionStatus.Pending)
        {
            return false;
        }

        Status = RenditionStatus.Failed;
        ErrorCode = errorCode;
        UpdatedAt = now;
        return true;
    }
}
