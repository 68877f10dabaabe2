namespace PixelFlow.Api.Jobs;

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
