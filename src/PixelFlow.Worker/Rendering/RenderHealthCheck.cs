using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PixelFlow.Worker.Rendering;

/// <summary>Unhealthy while any render is stuck past its deadline (see <see cref="RenderGuard"/>): restart this worker.</summary>
public sealed class RenderHealthCheck(RenderGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = guard.Stuck;
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy("no render is stuck")
            : HealthCheckResult.Unhealthy($"{stuck.Count} render thread(s) stuck past their deadline (jobs {string.Join(", ", stuck.Select(s => s.Job))}); " +
                "a native call cannot be interrupted: restart the worker"));
    }
}
