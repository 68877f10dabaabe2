namespace PixelFlow.Worker.Consumers;

/// <summary>
/// One job's storage writes and event publishes, run one after another in the order they were added, while the job
/// goes on rendering: output n is stored and reported while output n + 1 renders, so a job waits for its pixels plus
/// the last output's round trips instead of every round trip in turn. Events keep their order (started, then each
/// output once stored); the first failure skips what was added after it and is thrown by <see cref="DrainAsync"/>.
/// Used from the consume flow only (one caller at a time).
/// </summary>
internal sealed class JobSideEffects
{
    private Task _tail = Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> once everything added before it has succeeded.</summary>
    public void Add(Func<Task> work) => _tail = AfterAsync(_tail, work);

    /// <summary>
    /// Waits for everything added, throwing the first failure: a job's terminal event (succeeded, failed) is published
    /// only after its earlier events, and a storage or broker failure fails the attempt as if it had been awaited
    /// where it was added (MassTransit's outage retry runs the job again).
    /// </summary>
    public Task DrainAsync() => _tail;

    private static async Task AfterAsync(Task previous, Func<Task> work)
    {
        await previous;
        await work();
    }
}
