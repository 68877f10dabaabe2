namespace PixelFlow.Api.Webhooks;

/// <summary>
/// When a delivery is attempted again after a failed attempt, and when it is given up.
/// </summary>
/// <remarks>
/// <para>
/// The default schedule retries for more than a day, so a receiver that is down for a deploy, a weekend-night
/// outage or a bad release is still reached: attempt 1 at once, then after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h,
/// 2 h, 4 h, 8 h, 8 h and 8 h (12 attempts). Nominally the last attempt comes 31 h 42 min after the first; each delay
/// is scaled by a random factor in [0.8, 1.2], so it comes between 25 h 22 min and 38 h 3 min after the first —
/// never before 24 h. The delivery is then marked <c>failed</c> (replayable).
/// </para>
/// <para>Short delays first absorb blips (a restarting pod); the long tail covers outages measured in hours.</para>
/// </remarks>
/// <param name="Delays">Delay before attempt n + 2 after attempt n + 1 failed; its length + 1 is the number of attempts.</param>
/// <param name="Jitter">Relative spread of each delay (0.2 = ±20 %).</param>
public sealed record WebhookRetrySchedule(IReadOnlyList<TimeSpan> Delays, double Jitter)
{
    public const double DefaultJitter = 0.2;

    /// <summary>The documented default (see the type's remarks).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(4),
        TimeSpan.FromHours(8),
        TimeSpan.FromHours(8),
        TimeSpan.FromHours(8),
    ];

    public int MaxAttempts => Delays.Count + 1;

    /// <summary>
    /// The wait after failed attempt number <paramref name="attempt"/> (1-based), or null when that was the last.
    /// </summary>
    /// <param name="random">A value in [0, 1) choosing the jitter.</param>
    public TimeSpan? DelayAfter(int attempt, double random)
    {
        if (attempt < 1 || attempt > Delays.Count)
        {
            return null;
        }

        var factor = 1 + Jitter * (2 * random - 1);
        return TimeSpan.FromTicks((long)(Delays[attempt - 1].Ticks * factor));
    }
}
