namespace PixelFlow.AppHost.Servers.Local;

/// <summary>Where local servers keep their data and find the tools the bootstrap installed.</summary>
internal sealed record LocalServerOptions(string DataDirectory, string ToolsDirectory, bool Durable)
{
    /// <summary>Data of every local server, kept across runs (default <c>.pixelflow/data</c>, git-ignored).</summary>
    public const string DataDirectoryKey = "PixelFlow:DataDirectory";

    /// <summary>
    /// <c>false</c> trades crash safety for speed (Postgres with fsync off): a killed server keeps every committed
    /// row, a crashed machine may not. For throwaway test data only.
    /// </summary>
    public const string DurableKey = "PixelFlow:DurableData";

    public static LocalServerOptions From(IDistributedApplicationBuilder builder)
    {
        var stateDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".pixelflow"));
        var data = builder.Configuration[DataDirectoryKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, stateDirectory)
            : Path.Combine(stateDirectory, "data");
        return new LocalServerOptions(data, Path.Combine(stateDirectory, "tools"),
            !string.Equals(builder.Configuration[DurableKey], "false", StringComparison.OrdinalIgnoreCase));
    }

    public string For(string server)
    {
        var directory = Path.Combine(DataDirectory, server);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The first of <paramref name="candidates"/> that exists, or a message naming the bootstrap.</summary>
    public static string RequireFile(string what, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists) ?? throw new DistributedApplicationException(
            $"{what} is not installed (looked for {string.Join(", ", candidates)}). Run `./pixelflow install` " +
            "(it installs the Debian packages and the npm S3 server the local mode runs), or use containers: PixelFlow:Servers=containers.");
}
