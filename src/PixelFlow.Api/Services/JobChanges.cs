using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Model;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Api.Services;

/// <summary>Names of job events, shared by the event log (SSE), webhooks and metrics.</summary>
public static class JobEventTypes
{
    public const string Queued = "job.queued";
    public const string Processing = "job.processing";
    public const string OutputCompleted = "job.output_completed";
    public const string Succeeded = "job.succeeded";
    public const string Failed = "job.failed";
    public const string Canceled = "job.canceled";

    public static string ForStatus(JobStatus status) => status switch
    {
        JobStatus.Queued => Queued,
        JobStatus.Processing => Processing,
        JobStatus.Succeeded => Succeeded,
        JobStatus.Failed => Failed,
        JobStatus.Canceled => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No event for this status."),
    };
}

/// <summary>Something that happened to a job: a status change, or one finished output.</summary>
/// <param name="Job">The job after the change (tracked by the context that saves it).</param>
/// <param name="EventType">One of <see cref="JobEventTypes"/>.</param>
/// <param name="PreviousStatus">The status before the change.</param>
/// <param name="Output">For <see cref="JobEventTypes.OutputCompleted"/>.</param>
/// <param name="Usage">For finished jobs, when the worker reported it.</param>
public sealed record JobChange(Job Job, string EventType, JobStatus PreviousStatus, OutputResult? Output = null, JobUsage? Usage = null);

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

/// <summary>Saves job changes with every registered <see cref="IJobChangeHandler"/> in one transaction.</summary>
public sealed class JobChanges(IEnumerable<IJobChangeHandler> handlers)
{
    /// <summary>
    /// Lets handlers add their rows, saves everything in one transaction (joining the caller's when one is open),
    /// then runs the after-commit side effects.
    /// </summary>
    public async Task SaveAsync(PixelFlowDbContext db, IReadOnlyList<JobChange> changes, CancellationToken cancellationToken)
    {
        var ownTransaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        await using (ownTransaction)
        {
            foreach (var change in changes)
            {
                foreach (var handler in handlers)
                {
                    await handler.OnChangingAsync(db, change, cancellationToken);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
        }

        if (ownTransaction is not null)
        {
            await PublishAsync(changes, cancellationToken);
        }
    }

    /// <summary>After-commit side effects, for callers that committed their own transaction.</summary>
    public async Task PublishAsync(IReadOnlyList<JobChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            foreach (var handler in handlers)
            {
                await handler.OnChangedAsync(change, cancellationToken);
            }
        }
    }
}
