using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Cleanup;

/// <summary>
/// <c>/v1/admin/cleanup-runs</c> (operator key only): what the cleanup tasks did, and a way to run one now.
/// </summary>
public static class CleanupApi
{
    private const int DefaultListed = 50;
    private const int MaxListed = 500;

    public static RouteGroupBuilder MapCleanupApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/admin/cleanup-runs").WithTags("Admin").RequireAuthorization(OperatorKey.PolicyName);
        api.MapGet("/", ListRuns).WithName("ListCleanupRuns").WithSummary("Cleanup runs, newest first");
        api.MapGet("/{runId:guid}", GetRun).WithName("GetCleanupRun").WithSummary("One cleanup run");
        api.MapPost("/", RequestRun).WithName("RequestCleanupRun")
            .WithSummary("Run a cleanup task now (on whichever instance the scheduler gives it to); poll the run it answers");
        return api;
    }

    /// <param name="task">Only the runs of this task.</param>
    /// <param name="limit">How many (1–500, default 50).</param>
    public static async Task<Results<Ok<CleanupRunListResponse>, ValidationProblem>> ListRuns(
        PixelFlowDbContext db, CancellationToken cancellationToken, [FromQuery] string? task = null, [FromQuery] int? limit = null)
    {
        if (limit is < 1 or > MaxListed)
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxListed}."] });
        }

        var runs = await db.CleanupRuns.AsNoTracking()
            .Where(run => task == null || run.Task == task)
            .OrderByDescending(run => run.RequestedAt)
            .Take(limit ?? DefaultListed)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CleanupRunListResponse([.. runs.Select(CleanupRunResponse.From)]));
    }

    public static async Task<Results<Ok<CleanupRunResponse>, ProblemHttpResult>> GetRun(
        Guid runId, PixelFlowDbContext db, CancellationToken cancellationToken) =>
        await db.CleanupRuns.AsNoTracking().SingleOrDefaultAsync(run => run.Id == runId, cancellationToken) is { } run
            ? TypedResults.Ok(CleanupRunResponse.From(run))
            : ProblemResults.NotFound($"No cleanup run {runId}.");

    public static async Task<Results<Accepted<CleanupRunResponse>, ValidationProblem>> RequestRun(
        CleanupRunRequest request, PixelFlowDbContext db, IEnumerable<ICleanupTask> tasks, CleanupScheduler scheduler,
        IOptions<CleanupOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var names = tasks.Select(task => task.Name).Order(StringComparer.Ordinal).ToList();
        if (!names.Contains(request.Task))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["task"] = [$"One of: {string.Join(", ", names)}."] });
        }

        var run = new CleanupRun
        {
            Id = Guid.CreateVersion7(),
            Task = request.Task,
            Trigger = CleanupTriggers.Operator,
            DryRun = request.DryRun ?? options.Value.DryRun,
            RequestedAt = clock.GetUtcNow(),
        };
        db.CleanupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await scheduler.RequestAsync(run, cancellationToken);
        }
        catch (Exception e)
        {
            // Not left pending for ever: the record says the request never reached the scheduler.
            run.Error = $"Not scheduled: {e.Message}";
            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        return TypedResults.Accepted($"/v1/admin/cleanup-runs/{run.Id}", CleanupRunResponse.From(run));
    }
}

/// <summary>Run <paramref name="Task"/> now.</summary>
/// <param name="Task">A cleanup task's name (orphan-sweep, unsourced-job-expiry, …).</param>
/// <param name="DryRun">Report without deleting; default Cleanup:DryRun (false).</param>
public sealed record CleanupRunRequest(string Task, bool? DryRun);

public sealed record CleanupRunListResponse(IReadOnlyList<CleanupRunResponse> Data);

/// <summary>One cleanup run: what it removed (or, dry, would have removed).</summary>
/// <param name="Status">pending, running, succeeded or failed.</param>
/// <param name="Trigger">schedule or operator.</param>
/// <param name="Instance">The scheduler instance (API instance) that ran it.</param>
/// <param name="Objects">Storage objects deleted.</param>
/// <param name="Rows">Database rows deleted or settled.</param>
public sealed record CleanupRunResponse(
    Guid RunId,
    string Task,
    string Status,
    string Trigger,
    bool DryRun,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Instance,
    long Objects,
    long Rows,
    long BytesFreed,
    string? Error)
{
    public static CleanupRunResponse From(CleanupRun run) => new(run.Id, run.Task, run.Status, run.Trigger, run.DryRun, run.RequestedAt,
        run.StartedAt, run.FinishedAt, run.Instance, run.Objects, run.Rows, run.BytesFreed, run.Error);
}
