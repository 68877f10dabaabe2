using System.Threading.Channels;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// Group commit: concurrent callers hand their writes to one writer, which commits whatever is waiting (up to
/// <c>maxBatch</c>) in one transaction, so that a durable commit (an fsync: ≈ 2,000 a second on the benchmark host) is
/// shared instead of paid per request. A caller's task completes once its own write is committed, with that write's
/// result; when the batch fails (one write's unique violation, a dropped connection), or the writer has stopped, every
/// caller of it gets null and writes alone, so one caller's conflict never fails another's request.
/// </summary>
/// <remarks>
/// Batches form by themselves: while one commit is in flight, the requests that arrive meanwhile wait and make the
/// next batch, so a lone request waits for no timer and a busy instance commits many per round trip. No library was
/// taken for this: TPL Dataflow's <c>BatchBlock</c> releases only full batches (or on an explicit trigger), and what
/// remains is a channel and a loop; the per-batch fallback is the part that matters, and it is the caller's own path.
/// </remarks>
public sealed class GroupCommit<TItem, TResult> where TResult : class
{
    // Not SingleReader: that channel cannot count what it holds (Waiting).
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>();
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _commit;
    private readonly int _maxBatch;
    private readonly Action<Exception, int> _batchFailed;

    /// <param name="commit">Writes the items in one transaction and answers one result per item, in their order.</param>
    /// <param name="maxBatch">The most items one commit takes.</param>
    /// <param name="batchFailed">Told of a failed batch (its exception and size) before its callers write alone.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit, int maxBatch,
        Action<Exception, int> batchFailed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        (_commit, _maxBatch, _batchFailed) = (commit, maxBatch, batchFailed);
    }

    /// <summary>Items waiting for the next commit (not those in the commit under way).</summary>
    public int Waiting => _pending.Reader.Count;

    /// <summary>Batches committed so far (diagnostics and tests).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Batches that failed, whose callers wrote alone (diagnostics and tests).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    private long _committed;
    private long _failed;
    private bool _running;

    /// <summary>
    /// The item's result once it is committed with the next batch; null when it was not committed (its batch failed, or
    /// the writer is not running): then the caller writes it alone. Canceling stops the wait, not a commit under way.
    /// </summary>
    public Task<TResult?> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        // Before the writer starts (a host not started: an operator command) nothing would drain the queue.
        var pending = new Pending(item, cancellationToken);
        return Volatile.Read(ref _running) && _pending.Writer.TryWrite(pending) ? pending.Completion.Task.WaitAsync(cancellationToken) : Task.FromResult<TResult?>(null);
    }

    /// <summary>The writer: commits batches until <paramref name="stoppingToken"/> is canceled; callers still waiting then write alone.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(_maxBatch);
        Volatile.Write(ref _running, true);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var pending))
                {
                    // A caller that gave up is not written: nobody would hear of its job.
                    if (!pending.Cancellation.IsCancellationRequested)
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            _pending.Writer.TryComplete();
            while (_pending.Reader.TryRead(out var pending))
            {
                pending.Completion.TrySetResult(null);
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        IReadOnlyList<TResult> results;
        try
        {
            results = await _commit([.. batch.Select(pending => pending.Item)], stoppingToken);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"A commit of {batch.Count} items answered {results.Count} results.");
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            _batchFailed(e, batch.Count);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult(null);
            }

            return;
        }

        Interlocked.Increment(ref _committed);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private sealed record Pending(TItem Item, CancellationToken Cancellation)
    {
        // Callers continue on the thread pool, not on the writer's loop: the next batch should not wait for their responses.
        public TaskCompletionSource<TResult?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
