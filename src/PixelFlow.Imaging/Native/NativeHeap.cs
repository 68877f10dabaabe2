using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// glibc heap settings for a process that runs libvips (see <see cref="ImagingOptions"/>). libvips allocates its
/// pixel buffers with malloc from many threads. glibc's mmap threshold is adaptive: after the first large buffer
/// is freed it rises to that size (up to 32 MiB), so every later pixel buffer comes from the heap arenas, which
/// fragment and hold freed pages; RSS then creeps up although nothing leaks (measured: 54 MB free but resident in
/// the arenas against 3 MB in use, RSS swinging 118–176 MB over 500 thumbnails). A fixed threshold hands each large
/// buffer back to the OS when it is freed (RSS 99–111 MB, arenas ≈ 17 MB); a periodic <c>malloc_trim</c> returns
/// what the small allocations leave free (imgproxy trims every 10 s for the same reason). Process-wide: the first
/// call wins. Does nothing where glibc is not the allocator.
/// </summary>
/// <remarks>
/// The price is page faults: memory handed back is faulted in again by the next image. On the benchmark's 1600 px
/// job (9 photographs, 3640–6028 px) that is ≈ 5,000 more faults and 5–10% more CPU per image, for a peak RSS of
/// 230 MB instead of 300–380 MB and no growth. A memory-rich deployment that prefers the CPU sets
/// <see cref="ImagingOptions.NativeMmapThresholdBytes"/> to 0.
/// <para>
/// Most of those faults come from a few large buffers: a progressive JPEG makes libjpeg hold every DCT coefficient,
/// one 18–34 MB buffer per colour component, even when it decodes at 1/8. glibc maps them in 4 KiB pages unless
/// the process starts with <c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c> (glibc ≥ 2.35; read by the dynamic loader,
/// so it cannot be set from here): it then asks for transparent huge pages (madvise) on them, one fault per 2 MiB
/// instead of 512. Measured on the 300 px thumbnail benchmark: ≈ 7% less CPU per image (1–11% over seven paired
/// rounds), RSS unchanged. Every launcher of the worker sets it (<c>./pixelflow</c>, the AppHost);
/// <see cref="HugePagesForLargeBuffers"/> says whether this process has it.
/// </para>
/// </remarks>
public static class NativeHeap
{
    // mallopt parameters (malloc.h)
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;

    private static readonly Lock Gate = new();
    private static Timer? _trimTimer;
    private static bool _configured;

    /// <param name="mmapThresholdBytes">Fixed M_MMAP_THRESHOLD; 0 keeps glibc's adaptive one.</param>
    /// <param name="arenaMax">M_ARENA_MAX (as MALLOC_ARENA_MAX); 0 keeps glibc's default (8 per core).</param>
    /// <param name="trimInterval">How often to call malloc_trim; zero or less: never.</param>
    public static void Configure(int mmapThresholdBytes, int arenaMax, TimeSpan trimInterval)
    {
        if (!IsGlibc)
            return;
        lock (Gate)
        {
            if (_configured)
                return;
            _configured = true;
            if (mmapThresholdBytes > 0)
                mallopt(MmapThreshold, mmapThresholdBytes);
            if (arenaMax > 0)
                mallopt(ArenaMax, arenaMax);
            if (trimInterval > TimeSpan.Zero)
                _trimTimer = new Timer(_ => Trim(), null, trimInterval, trimInterval);
        }
    }

    /// <summary>Returns freed heap memory to the OS now (glibc <c>malloc_trim</c>).</summary>
    public static void Trim()
    {
        if (IsGlibc)
            malloc_trim(0);
    }

    /// <summary>Whether a <c>GLIBC_TUNABLES</c> value (colon-separated name=value pairs) turns malloc's huge pages on.</summary>
    public static bool HugePagesRequested(string? tunables) =>
        tunables is not null && tunables.Split(':').Any(t => t is "glibc.malloc.hugetlb=1" or "glibc.malloc.hugetlb=2");

    /// <summary>Whether glibc is this process' allocator (the settings here apply only then).</summary>
    public static bool IsGlibc { get; } = OperatingSystem.IsLinux() && HasGlibcSymbols();

    /// <summary>
    /// Whether glibc was started with huge pages for large allocations (see the remarks above). Read once: glibc read
    /// the variable when the process started, so a later change to it changes nothing. After <see cref="IsGlibc"/>,
    /// which it needs initialised first.
    /// </summary>
    public static bool HugePagesForLargeBuffers { get; } = IsGlibc && HugePagesRequested(Environment.GetEnvironmentVariable("GLIBC_TUNABLES"));

    private static bool HasGlibcSymbols() =>
        NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "malloc_trim", out _) &&
        NativeLibrary.TryGetExport(libc, "mallopt", out _);

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
