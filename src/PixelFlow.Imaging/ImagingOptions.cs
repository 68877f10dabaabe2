using System.ComponentModel.DataAnnotations;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging;

/// <summary>Engine settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    /// <summary>
    /// The libvips build (<c>Imaging:Library</c> = <c>bundled</c> or <c>system</c>): the bundled 8.18.7 by default;
    /// <c>system</c> (the OS's libvips, which decodes HEIC) for the worker that takes HEIC/HEIF sources. One per
    /// process.
    /// </summary>
    public LibvipsBuild Library { get; set; } = LibvipsBuild.Bundled;

    /// <summary>Threads libvips uses per image pipeline; 0 keeps libvips' default (the number of cores).</summary>
    public int Concurrency { get; set; } = 0;

    /// <summary>Block loaders libvips marks untrusted (on top of the engine's own loader allowlist).</summary>
    public bool BlockUntrusted { get; set; } = true;

    /// <summary>
    /// glibc: allocations of at least this many bytes get their own mapping, unmapped when freed (mallopt
    /// M_MMAP_THRESHOLD). Fixed rather than glibc's adaptive threshold, which lets pixel buffers fragment the heap
    /// arenas (see <see cref="Native.NativeHeap"/>). 0 keeps glibc's adaptive default.
    /// </summary>
    [Range(0, 64 << 20)]
    public int NativeMmapThresholdBytes { get; set; } = 4 << 20;

    /// <summary>
    /// glibc: free memory at the top of the heap above this many bytes is returned to the OS at once (mallopt
    /// M_TRIM_THRESHOLD); below it, it waits for the periodic trim. Fixing the mmap threshold leaves glibc's 128 KiB
    /// here, which gave back (and faulted in again) every freed pixel buffer of every image; 0 keeps glibc's value.
    /// </summary>
    [Range(0, 1 << 30)]
    public int NativeTrimThresholdBytes { get; set; } = 32 << 20;

    /// <summary>glibc: the most malloc arenas (mallopt M_ARENA_MAX, like MALLOC_ARENA_MAX); 0 keeps glibc's default (8 per core).</summary>
    [Range(0, 1024)]
    public int NativeArenaMax { get; set; }

    /// <summary>
    /// How often the process looks for an idle period in which to hand freed native memory back to the OS (glibc
    /// malloc_trim): the first tick after a whole interval in which no image was opened and none is open trims, once
    /// (see <see cref="Native.IdleTrimPolicy"/>); zero: never. Under steady load it trims only every fifth tick: the
    /// next image reuses the free memory, where a trim each second made it fault every page in again.
    /// </summary>
    public TimeSpan NativeTrimInterval { get; set; } = TimeSpan.FromSeconds(1);
}
