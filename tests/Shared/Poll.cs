using System.Diagnostics;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The one way a test waits for what another thread, host or process does: it reads a fact again until the fact
/// holds, and fails naming the last value it read once the time is up. No test sleeps for a guessed time and then
/// asserts; a fixed wait is only ever the subject of a test (an outage of a given length), never a stand-in for a fact.
/// </summary>
public static class Poll
{
    /// <summary>Between two reads: short enough not to add to a test's time, long enough not to load two cores.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads <paramref name="read"/> until <paramref name="holds"/> is true of its value, and returns that value.</summary>
    /// <param name="describe">What the last value read says, for the failure message.</param>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan timeout, Func<T, string> describe,
        TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Not so after {timeout.TotalSeconds:0.#} s: {describe(value)}");
            }

            await Task.Delay(interval ?? DefaultInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Reads an in-memory <paramref name="read"/> until <paramref name="holds"/> is true of its value.</summary>
    public static Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> holds, TimeSpan timeout, Func<T, string> describe,
        TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(read()), holds, timeout, describe, interval);

    /// <summary>Waits until <paramref name="fact"/> is true; <paramref name="what"/> names it in the failure message.</summary>
    public static Task UntilAsync(Func<bool> fact, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(fact, holds => holds, timeout, _ => what, interval);
}
