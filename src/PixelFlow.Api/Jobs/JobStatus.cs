namespace PixelFlow.Api.Jobs;

/// <summary>
/// created → queued → processing → succeeded | failed, and canceled from any unfinished state.
/// Stored as its lower-case name.
/// </summary>
public enum JobStatus
{
    Created,
    Queued,
    Processing,
    Succeeded,
    Failed,
    Canceled,
}
