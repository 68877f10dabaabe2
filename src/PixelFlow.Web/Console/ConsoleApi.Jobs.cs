namespace PixelFlow.Web.Console;

// The Jobs tab and a job's page: the project-scoped job and webhook routes, as an API key would call them.
public sealed partial class ConsoleApi
{
    /// <summary>A page of the project's jobs, newest first (<c>GET /v1/jobs</c>); <paramref name="status"/> null lists every status.</summary>
    public Task<JobListPage> ListJobsAsync(Guid projectId, string? status, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        var query = new List<string> { $"limit={limit}" };
        if (status is not null)
            query.Add($"status={Uri.EscapeDataString(status)}");
        if (cursor is not null)
            query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        return InProjectAsync<JobListPage>(projectId, HttpMethod.Get, $"/v1/jobs?{string.Join('&', query)}", null, cancellationToken);
    }

    public Task<JobInfo> GetJobAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken = default) =>
        InProjectAsync<JobInfo>(projectId, HttpMethod.Get, $"/v1/jobs/{jobId}", null, cancellationToken);

    public Task<WebhookDeliveryList> ListWebhookDeliveriesAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken = default) =>
        InProjectAsync<WebhookDeliveryList>(projectId, HttpMethod.Get, $"/v1/jobs/{jobId}/webhook-deliveries", null, cancellationToken);

    /// <summary>Sends a delivery again (same webhook-id and body, a fresh retry schedule); the answer is the delivery, pending.</summary>
    public Task<WebhookDeliveryInfo> ReplayWebhookDeliveryAsync(Guid projectId, Guid deliveryId, CancellationToken cancellationToken = default) =>
        InProjectAsync<WebhookDeliveryInfo>(projectId, HttpMethod.Post, $"/v1/webhook-deliveries/{deliveryId}/replay", null, cancellationToken);
}
