using System.Collections.Concurrent;

namespace PixelFlow.Worker.Rendering;

/// <summary>
/// Runs libvips work on a thread of its own and stops waiting for it at the job's deadline plus a grace period.
/// The deadline itself is enforced inside libvips (a kill flag checked between tiles), but a native call that never
/// reaches such a check (a decoder spinning inside its loader, an AV1 encode) cannot be interrupted: the job then
/// fails <c>processing_timeout</c>, its message is settled and its slot is free, while the stuck thread is counted
/// here until it returns (if ever), so that the health check reports the worker Unhealthy and an orchestrator
/// restarts it.
/// </summary>
public sealed class RenderGuard(TimeProvider clock)
{
    /// <summary>How long after the deadline a render may still finish on its own (libvips stops within a tile).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, (string Job, DateTimeOffset Deadline)> _stuck = [];
    private readonly ConcurrentStack<RenderThread> _idle = new();
    private int _next;

    /// <summary>Renders that outlived their deadline and are still running, with the deadline each missed.</summary>
    public IReadOnlyList<(string Job, DateTimeOffset Deadline)> Stuck
    {
        get { lock (_gate) return [.. _stuck.Values]; }
    }

    /// <summary>Render threads waiting for work (each returns here once its render has returned).</summary>
    internal int IdleThreads => _idle.Count;

    /// <summary>Runs <paramref name="work"/> on a render thread of its own; its exceptions surface here.</summary>
    /// <param name="deadline">Passed to <paramref name="work"/> (libvips' kill), and the point after which, plus
    /// <see cref="Grace"/>, this call gives up waiting.</param>
    /// <exception cref="RenderAbandonedException">The work did not return by the deadline plus <see cref="Grace"/>.</exception>
    public async Task<T> RunAsync<T>(string job, DateTimeOffset deadline, CancellationToken deadlineToken, Func<CancellationToken, T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
            id = _next++;
        var abandoned = 0;
        RenderThread.Take(_idle).Run(() =>
        {
            try
            {
                done.TrySetResult(work(deadlineToken));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                // Returned after all: no longer stuck. Whatever it produced nobody awaits any more: release it.
                if (Interlocked.Exchange(ref abandoned, 2) == 1)
                {
                    lock (_gate)
                        _stuck.Remove(id);
                    if (done.Task.IsCompletedSuccessfully && done.Task.Result is IDisposable result)
                        result.Dispose();
                }
            }
        });

        var wait = deadline + Grace - clock.GetUtcNow();
        var finished = await Task.WhenAny(done.Task, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock));
        if (finished == done.Task || Interlocked.CompareExchange(ref abandoned, 1, 0) != 0)
            return await done.Task;

        lock (_gate)
            _stuck[id] = (job, deadline);
        throw new RenderAbandonedException(
            $"The job exceeded its processing deadline and its render did not stop (a native call that cannot be interrupted); it was abandoned at {deadline + Grace:O}.");
    }
}

/// <summary>
/// A long-lived thread that runs renders one at a time, idle in its guard's pool between them. A render on a fresh
/// thread paid every time for the thread, a new malloc arena and libvips' per-thread buffers (bench harness, 2560 px
/// two-output job: 8–17 % more CPU and twice the peak RSS). A thread stuck in a render is simply not idle; it rejoins
/// the pool if its render ever returns.
/// </summary>
internal sealed class RenderThread
{
    private static int _count;
    private readonly BlockingCollection<Action> _work = [];
    private readonly ConcurrentStack<RenderThread> _pool;

    private RenderThread(ConcurrentStack<RenderThread> pool)
    {
        _pool = pool;
        new Thread(Loop) { IsBackground = true, Name = $"render {Interlocked.Increment(ref _count)}" }.Start();
    }

    /// <summary>An idle thread of <paramref name="pool"/>, or a new one when all are busy.</summary>
    public static RenderThread Take(ConcurrentStack<RenderThread> pool) => pool.TryPop(out var idle) ? idle : new RenderThread(pool);

    /// <summary>
    /// Runs <paramref name="render"/> (which must not throw) in the caller's execution context, as a thread started
    /// for it would (its spans belong to the job's trace), then returns this thread to its pool.
    /// </summary>
    public void Run(Action render)
    {
        var context = ExecutionContext.Capture();
        _work.Add(context is null ? render : () => ExecutionContext.Run(context, static state => ((Action)state!)(), render));
    }

    private void Loop()
    {
        foreach (var render in _work.GetConsumingEnumerable())
        {
            render();
            _pool.Push(this);
        }
    }
}

/// <summary>A render outlived its deadline plus the grace period and was left running (see <see cref="RenderGuard"/>).</summary>
public sealed class RenderAbandonedException(string message) : Exception(message);
