namespace PixelFlow.Api.Jobs;

/// <summary>What can go wrong starting a job; the endpoint maps each to its problem response.</summary>
public enum StartOutcome
{
    Queued,
    NotFound,
    SourceNotUploaded,
    SourceTooLarge,
    AlreadyFinished,
}
