namespace PixelFlow.Imaging.Native;

/// <summary>
/// When the periodic <c>malloc_trim</c> runs: once an idle period begins, not while images are being processed.
/// A trim hands the arenas' free pages back to the OS, and the next image faults every one of them in again; in the
/// worker (four jobs at once, a malloc arena per thread) a trim each second under load cost 3,855 page faults and
/// 163 CPU-ms a job against 91–175 faults and 74–80 CPU-ms without it (2026-11-30, bench/e2e multipart stream), each
/// trim's <c>madvise</c> also stopping the other core for a TLB shootdown. So the trim runs at the first tick of an
/// idle period, and under steady load only every <see cref="BusyTrimEveryTicks"/> ticks: never trimming then let the
/// arenas fragment (RSS +12.8 % over 1,000 thumbnails, against the 5 % bar).
/// </summary>
/// <remarks>Ticks come from one timer (one at a time); work starts and ends on any thread.</remarks>
internal sealed class IdleTrimPolicy
{
    /// <summary>
    /// Under load, a trim every this many ticks (5 s at the default interval). 1,000 thumbnails: RSS drift −5.1 % and
    /// −5.5 % at 5 s, +5.8 % and −4.8 % at 10 s (imgproxy's period), +12.8 % never.
    /// </summary>
    public const int BusyTrimEveryTicks = 5;

    private int _ticksSinceTrim;
    private int _inFlight;
    private long _started;
    private long _startedAtLastTick;
    private long _startedAtLastTrim;

    /// <summary>An image is being opened (its buffers live until <see cref="WorkEnded"/>).</summary>
    public void WorkStarted()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _started);
    }

    /// <summary>An image opened by <see cref="WorkStarted"/> is released.</summary>
    public void WorkEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Called every trim interval: true when a whole interval passed with no image opened and none is open now, and
    /// some work ran since the last trim (an idle process is trimmed once, not every tick); or, under load, when
    /// <see cref="BusyTrimEveryTicks"/> ticks passed since the last trim.
    /// </summary>
    public bool ShouldTrimOnTick()
    {
        var started = Interlocked.Read(ref _started);
        var quiet = Volatile.Read(ref _inFlight) == 0 && started == _startedAtLastTick;
        _startedAtLastTick = started;
        _ticksSinceTrim++;
        var trim = quiet ? started != _startedAtLastTrim : _ticksSinceTrim >= BusyTrimEveryTicks;
        if (trim)
        {
            _startedAtLastTrim = started;
            _ticksSinceTrim = 0;
        }

        return trim;
    }
}
