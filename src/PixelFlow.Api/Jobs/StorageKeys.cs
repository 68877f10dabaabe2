namespace PixelFlow.Api.Jobs;

/// <summary>Storage layout of a job's objects.</summary>
public static class StorageKeys
{
    public static string Source(Guid projectId, Guid jobId) => $"projects/{projectId:N}/jobs/{jobId:N}/source";

    public static string OutputPrefix(Guid projectId, Guid jobId) => $"projects/{projectId:N}/jobs/{jobId:N}/outputs/";

    /// <summary>A project asset (watermark image), by the key the client chose.</summary>
    public static string Asset(Guid projectId, string assetKey) => $"{AssetPrefix(projectId)}{assetKey}";

    public static string AssetPrefix(Guid projectId) => $"projects/{projectId:N}/assets/";
}
