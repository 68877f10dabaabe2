using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Caching;

/// <summary>How much and how long an API instance remembers of rows it reads on every request (<see cref="ReadCache"/>).</summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "ReadCache";

    /// <summary>
    /// Upper bound on how long a row that can still change (an unfinished job, a project's presets) is trusted. A
    /// change is normally evicted on every instance within milliseconds (<see cref="CacheInvalidation"/>); this bounds
    /// the staleness only when that notice is lost (Redis unreachable). 0 turns caching of such rows off.
    /// </summary>
    [Range(0, 60)]
    public int MutableSeconds { get; set; } = 2;

    /// <summary>How long a row that can no longer change (a finished job) is kept after it was last read.</summary>
    [Range(0, 3600)]
    public int ImmutableSeconds { get; set; } = 300;

    /// <summary>Entries per instance; the least recently used beyond it are dropped (each entry is one row, ≈ 1–4 KB).</summary>
    [Range(0, 1_000_000)]
    public int MaxEntries { get; set; } = 20_000;
}
