using System.Diagnostics;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// Drives the real servers through the project's own script (<c>./pixelflow services …</c>), for tests that take
/// a server down and bring it back.
/// </summary>
public static class LocalServices
{
    private static readonly string Profile = Environment.GetEnvironmentVariable("PIXELFLOW_PROFILE") ?? "test";

    public static Task PauseBrokerAsync() => RunAsync("pause-broker");

    public static Task ResumeBrokerAsync() => RunAsync("resume-broker");

    private static async Task RunAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "pixelflow");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "services", command, "--profile", Profile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"./pixelflow services {command} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "pixelflow")) && File.Exists(Path.Combine(directory.FullName, "PixelFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (the folder holding ./pixelflow).");
    }
}

/// <summary>Tests that disturb the shared servers (a broker outage) or measure the process: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "Isolated";
}
