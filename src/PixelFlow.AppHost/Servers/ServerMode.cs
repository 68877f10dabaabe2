using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace PixelFlow.AppHost.Servers;

/// <summary>How Postgres, Redis, RabbitMQ and the S3-protocol server are provided; the services cannot tell.</summary>
public enum ServerMode
{
    /// <summary>Official images under Docker or Podman (Aspire's hosting integrations, MinIO).</summary>
    Containers,

    /// <summary>The machine's own binaries (Debian packages and npm's s3rver) as executable resources.</summary>
    Local,
}

/// <summary>
/// Chooses the <see cref="ServerMode"/> before the model is built. It must: a container resource whose runtime is
/// missing never starts and never fails, so everything waiting on it would hang silently.
/// </summary>
public static class ServerModeSelection
{
    /// <summary><c>auto</c> (default: containers when a container runtime answers), <c>containers</c> or <c>local</c>.</summary>
    public const string ConfigurationKey = "PixelFlow:Servers";

    public static (ServerMode Mode, string Reason) Choose(IConfiguration configuration)
    {
        var requested = configuration[ConfigurationKey]?.Trim().ToLowerInvariant() ?? "auto";
        switch (requested)
        {
            case "local":
                return (ServerMode.Local, $"{ConfigurationKey}=local");
            case "containers":
            {
                var probe = ProbeContainerRuntime(configuration);
                return probe.Healthy
                    ? (ServerMode.Containers, $"{ConfigurationKey}=containers; {probe.Detail}")
                    : throw new DistributedApplicationException(
                        $"{ConfigurationKey}=containers, but no container runtime answered ({probe.Detail}). " +
                        $"Start Docker or Podman, or run without containers: {ConfigurationKey}=local.");
            }
            case "auto" or "":
            {
                var probe = ProbeContainerRuntime(configuration);
                return probe.Healthy
                    ? (ServerMode.Containers, $"a container runtime answered ({probe.Detail})")
                    : (ServerMode.Local, $"no container runtime answered ({probe.Detail})");
            }
            default:
                throw new DistributedApplicationException(
                    $"{ConfigurationKey} is '{requested}'; use auto, containers or local.");
        }
    }

    /// <summary>
    /// Asks the runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, default docker) for its server version:
    /// an installed client with no daemon behind it (as on these machines) is not a runtime.
    /// </summary>
    private static (bool Healthy, string Detail) ProbeContainerRuntime(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DcpPublisher:ContainerRuntime"] ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"`{runtime} info` did not answer within 10 s");
            }

            var version = output.Result.Trim();
            return process.ExitCode == 0 && version.Length > 0
                ? (true, $"{runtime} {version}")
                : (false, $"`{runtime} info` failed: {FirstLine(errors.Result)}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, $"`{runtime}` is not installed");
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
