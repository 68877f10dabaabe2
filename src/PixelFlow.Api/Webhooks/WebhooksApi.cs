using System.ComponentModel;

namespace PixelFlow.Api.Webhooks;

/// <summary>Dependencies of the webhook endpoints, bound with [AsParameters].</summary>
public sealed class WebhookApiServices(PixelFlowDbContext db, WebhookDispatchSignal signal, TimeProvider clock)
{
    public PixelFlowDbContext Db { get; } = db;
    public WebhookDispatchSignal Signal { get; } = signal;
    public TimeProvider Clock { get; } = clock;
}

/// <summary>The delivery log and replay.</summary>
public static class WebhooksApi
{
    private const int MaxListLimit = 200;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("Webhooks").RequireAuthorization();
        api.MapGet("/jobs/{jobId:guid}/webhook-deliveries", ListJobDeliveries)
            .WithName("ListJobWebhookDeliveries")
            .WithSummary("A job's webhook deliveries with their attempt log");
        api.MapGet("/webhook-deliveries", ListDeliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The project's webhook deliveries, newest first, optionally by status");
        api.MapPost("/webhook-deliveries/{deliveryId:guid}/replay", ReplayDelivery)
            .WithName("ReplayWebhookDelivery")
            .WithSummary("Send a delivery again: same webhook-id and body, a fresh retry schedule");
        return app;
    }

    public static async Task<Results<Ok<WebhookDeliveryListResponse>, ProblemHttpResult>> ListJobDeliveries(
        Guid jobId, ClaimsPrincipal user, [AsParameters] WebhookApiServices services, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        if (!await services.Db.Jobs.AnyAsync(job => job.Id == jobId && job.ProjectId == projectId, cancellationToken))
        {
            return ProblemResults.NotFound($"No job {jobId} in this project.");
        }

        var deliveries = await Deliveries(services.Db, projectId)
            .Where(delivery => delivery.JobId == jobId)
            .OrderBy(delivery => delivery.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryListResponse([.. deliveries.Select(WebhookDeliveryResponse.From)]));
    }

    public static async Task<Results<Ok<WebhookDeliveryListResponse>, ValidationProblem>> ListDeliveries(
        [Description("pending, delivered or failed")] string? status,
        [Description("At most this many (1–200, default 50)")] int? limit,
        ClaimsPrincipal user, [AsParameters] WebhookApiServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !WebhookDeliveryStatus.All.Contains(status))
        {
            errors["status"] = [$"Unknown status '{status}'; use one of {string.Join(", ", WebhookDeliveryStatus.All)}."];
        }

        if (limit is < 1 or > MaxListLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxListLimit}."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var query = Deliveries(services.Db, user.ProjectId());
        if (status is not null)
        {
            query = query.Where(delivery => delivery.Status == status);
        }

        var deliveries = await query.OrderByDescending(delivery => delivery.CreatedAt).Take(limit ?? 50).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryListResponse([.. deliveries.Select(WebhookDeliveryResponse.From)]));
    }

    /// <summary>
    /// Puts the delivery back in the queue with the same id and body (receivers that saw it dedupe it), signed
    /// anew with the project's current secrets. The attempt log keeps the earlier attempts.
    /// </summary>
    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> ReplayDelivery(
        Guid deliveryId, ClaimsPrincipal user, [AsParameters] WebhookApiServices services, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        var now = services.Clock.GetUtcNow();
        var requeued = await services.Db.WebhookDeliveries
            .Where(delivery => delivery.Id == deliveryId && delivery.ProjectId == projectId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(delivery => delivery.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(delivery => delivery.Attempts, 0)
                .SetProperty(delivery => delivery.NextAttemptAt, now)
                .SetProperty(delivery => delivery.LastStatusCode, (int?)null)
                .SetProperty(delivery => delivery.LastError, (string?)null)
                .SetProperty(delivery => delivery.DeliveredAt, (DateTimeOffset?)null), cancellationToken);
        if (requeued == 0)
        {
            return ProblemResults.NotFound($"No webhook delivery {deliveryId} in this project.");
        }

        services.Signal.Signal();
        var delivery = await Deliveries(services.Db, projectId).SingleAsync(row => row.Id == deliveryId, cancellationToken);
        return TypedResults.Accepted($"/v1/jobs/{delivery.JobId}/webhook-deliveries", WebhookDeliveryResponse.From(delivery));
    }

    private static IQueryable<WebhookDelivery> Deliveries(PixelFlowDbContext db, Guid projectId) =>
        db.WebhookDeliveries.AsNoTracking().Include(delivery => delivery.AttemptLog).Where(delivery => delivery.ProjectId == projectId);
}
