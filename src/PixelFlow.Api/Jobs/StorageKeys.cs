namespace PixelFlow.Api.Jobs;

/// <summary>Storage layout of a job's objects.</summary>
public static class StorageKeys
{
    /// <summary>Every object of the project's jobs and assets: <c>projects/{projectId:N}/</c>.</summary>
    public static string ProjectPrefix(Guid projectId) => $"projects/{projectId:N}/";

    public static string Source(Guid projectId, Guid jobId) => $"{ProjectPrefix(projectId)}jobs/{jobId:N}/source";

    public static string OutputPrefix(Guid projectId, Guid jobId) => $"{ProjectPrefix(projectId)}jobs/{jobId:N}/outputs/";

    /// <summary>A project asset (watermark image), by the key the client chose.</summary>
    public static string Asset(Guid projectId, string assetKey) => $"{AssetPrefix(projectId)}{assetKey}";

    public static string AssetPrefix(Guid projectId) => $"{ProjectPrefix(projectId)}assets/";

    /// <summary>The job whose object <paramref name="key"/> is (its source or an output), read back from the layout above.</summary>
    public static bool TryParseJobObject(string key, out Guid projectId, out Guid jobId)
    {
        jobId = Guid.Empty;
        return TryParseProjectObject(key, "jobs", out projectId, out var rest) &&
               rest.IndexOf('/') is 32 && Guid.TryParseExact(rest[..32], "N", out jobId);
    }

    /// <summary>The project whose asset <paramref name="key"/> is, read back from the layout above.</summary>
    public static bool TryParseAsset(string key, out Guid projectId) => TryParseProjectObject(key, "assets", out projectId, out _);

    /// <summary><c>projects/{project:N}/{kind}/{rest}</c>.</summary>
    private static bool TryParseProjectObject(string key, string kind, out Guid projectId, out ReadOnlySpan<char> rest)
    {
        const string root = "projects/";
        projectId = Guid.Empty;
        rest = default;
        var path = key.AsSpan();
        if (!path.StartsWith(root, StringComparison.Ordinal) || path.Length < root.Length + 33 || path[root.Length + 32] != '/' ||
            !Guid.TryParseExact(path.Slice(root.Length, 32), "N", out projectId))
        {
            return false;
        }

        var afterProject = path[(root.Length + 33)..];
        if (!afterProject.StartsWith(kind, StringComparison.Ordinal) || afterProject.Length <= kind.Length + 1 || afterProject[kind.Length] != '/')
        {
            return false;
        }

        rest = afterProject[(kind.Length + 1)..];
        return true;
    }
}
