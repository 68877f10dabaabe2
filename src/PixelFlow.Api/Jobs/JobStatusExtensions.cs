namespace PixelFlow.Api.Jobs;

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    public static string ToWire(this JobStatus status) => status.ToString().ToLowerInvariant();
}
