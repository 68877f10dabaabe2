namespace PixelFlow.Api.Jobs;

/// <summary>A job to create: its draft, and whether its <see cref="ProcessJob"/> command is queued with it.</summary>
public sealed record JobCreation(JobDraft Draft, bool Queue);

/// <summary>A committed job, and the change to publish after the commit when it was queued.</summary>
public sealed record CreatedJob(Job Job, JobChange? Queued);

/// <summary>
/// Group commit of job creation on this instance: the creates that arrive while one commit is in flight are inserted
/// together, in one transaction, by the next (<see cref="GroupCommit{TItem,TResult}"/>). A durable commit costs the
/// same for one row or sixty, and it is what bounds creation: Postgres did 2,000–2,200 single-row commits a second on
/// the benchmark host, 0.14 of the bare endpoint's rate. Each job row commits with its own outbox row, as alone;
/// each request still answers only once its own row is committed.
/// </summary>
public sealed class JobCreationBatcher : BackgroundService
{
    /// <summary>The most creates one commit takes: enough that a busy instance's commits stay few, a small insert.</summary>
    public const int MaxBatch = 64;

    private readonly IServiceScopeFactory _scopes;
    private readonly GroupCommit<JobCreation, CreatedJob> _commits;

    public JobCreationBatcher(IServiceScopeFactory scopes, ILogger<JobCreationBatcher> logger)
    {
        _scopes = scopes;
        _commits = new GroupCommit<JobCreation, CreatedJob>(InsertAsync, MaxBatch, (exception, size) =>
            logger.LogInformation("A group commit of {Count} jobs failed ({Error}); each is created alone", size, exception.Message));
    }

    /// <summary>Creates waiting for the next commit (diagnostics and tests).</summary>
    public int Waiting => _commits.Waiting;

    /// <summary>Batches committed so far, and batches failed (diagnostics and tests).</summary>
    public (long Committed, long Failed) Batches => (_commits.Committed, _commits.Failed);

    /// <summary>The job once committed with the next batch; null when it was not, and the caller creates it alone.</summary>
    public Task<CreatedJob?> CommitAsync(JobCreation creation, CancellationToken cancellationToken) =>
        _commits.SubmitAsync(creation, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _commits.RunAsync(stoppingToken);

    /// <summary>One batch in a unit of work of its own (a pooled context), through the same insert as a create alone.</summary>
    private async Task<IReadOnlyList<CreatedJob>> InsertAsync(IReadOnlyList<JobCreation> creations, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobService>().InsertAsync(creations, cancellationToken);
    }
}
