namespace PixelFlow.Web.Console;

// The Usage tab: per-day usage (project-scoped, as an API key reads it) and the project's use against its plan's quotas.
public sealed partial class ConsoleApi
{
    /// <summary>Every UTC day from <paramref name="from"/> to <paramref name="to"/> (inclusive), days without jobs as zeros (<c>GET /v1/usage</c>).</summary>
    public Task<UsageReport> GetUsageAsync(Guid projectId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        InProjectAsync<UsageReport>(projectId, HttpMethod.Get, $"/v1/usage?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", null, cancellationToken);

    /// <summary>The project's plan and its use of each quota (<c>GET /v1/projects/{id}/usage</c>).</summary>
    public Task<QuotaUsage> GetQuotaUsageAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        AsUserAsync<QuotaUsage>(HttpMethod.Get, $"/v1/projects/{projectId}/usage", null, cancellationToken);
}
