namespace PixelFlow.Api.Jobs;

public static class JobStatusExtensions
{
    /// <summary>Succeeded, failed or canceled: the job never changes again. The one definition on the API side.</summary>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    public static string ToWire(this JobStatus status) => status.ToString().ToLowerInvariant();
}
