namespace PixelFlow.Api.Jobs;

/// <summary>
/// A feature that reacts to job changes (event log, webhooks, usage, metrics, the Redis status mirror).
/// <see cref="OnChangingAsync"/> runs inside the transaction that saves the change, so rows it adds commit
/// atomically with it; <see cref="OnChangedAsync"/> runs after commit for side effects outside the database.
/// </summary>
public interface IJobChangeHandler
{
    Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnChangedAsync(JobChange change, CancellationToken cancellationToken) => Task.CompletedTask;
}
