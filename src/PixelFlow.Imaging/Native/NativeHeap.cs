using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// glibc heap settings for a process that runs libvips (see <see cref="ImagingOptions"/>). libvips allocates its
/// pixel buffers with malloc from many threads. glibc's mmap threshold is adaptive: after the first large buffer
/// is freed it rises to that size (up to 32 MiB), so every later pixel buffer comes from the heap arenas, which
/// fragment and hold freed pages; RSS then creeps up although nothing leaks (measured: 54 MB free but resident in
/// the arenas against 3 MB in use, RSS swinging 118–176 MB over 500 thumbnails). A fixed threshold hands each large
/// buffer back to the OS when it is freed (RSS 99–111 MB, arenas ≈ 17 MB); a periodic <c>malloc_trim</c> returns
/// what the small allocations leave free once the work stops (<see cref="IdleTrimPolicy"/>; imgproxy trims every 10 s
/// for the same reason). Process-wide: the first call wins. Does nothing where glibc is not the allocator.
/// </summary>
/// <remarks>
/// The price is page faults: memory handed back is faulted in again by the next image, and on a virtual machine a
/// fault is dear (on the 2-core VM here, faults and the zeroing they trigger were 35 % of a job's CPU). Two settings
/// keep that price low (measured 2026-11-30, bench/RESULTS.md): the threshold is 4 MiB, not 1 MiB, so region buffers
/// and small images stay in the arenas; and the trim threshold is raised to 32 MiB, because fixing the mmap threshold
/// leaves glibc's 128 KiB trim threshold, which returned the top of the heap to the OS after every image. The periodic
/// trim hands free memory back when the work stops, and only every few seconds while it runs. Against 1 MiB and
/// glibc's trim threshold: the 2560 px two-output job 62 against 133 CPU-ms (676 against 4,023 faults), the
/// five-output job on 3640–6028 px photographs 199 against 302, 1,000 thumbnails 82 against 93 with RSS drift −2.0 %
/// (peak RSS 220 against 197 MB; sharp's is 393–495 MB).
/// A memory-rich deployment that prefers the CPU sets <see cref="ImagingOptions.NativeMmapThresholdBytes"/> to 0.
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
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;

    private static readonly Lock Gate = new();
    private static readonly IdleTrimPolicy IdleTrim = new();
    private static Timer? _trimTimer;
    private static bool _configured;

    /// <param name="mmapThresholdBytes">Fixed M_MMAP_THRESHOLD; 0 keeps glibc's adaptive one.</param>
    /// <param name="trimThresholdBytes">M_TRIM_THRESHOLD; 0 keeps glibc's (128 KiB once the mmap threshold is fixed).</param>
    /// <param name="arenaMax">M_ARENA_MAX (as MALLOC_ARENA_MAX); 0 keeps glibc's default (8 per core).</param>
    /// <param name="trimInterval">How often to look for an idle period to call malloc_trim in (<see cref="IdleTrimPolicy"/>); zero or less: never.</param>
    public static void Configure(int mmapThresholdBytes, int trimThresholdBytes, int arenaMax, TimeSpan trimInterval)
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
            if (trimThresholdBytes > 0)
                mallopt(TrimThreshold, trimThresholdBytes);
            if (arenaMax > 0)
                mallopt(ArenaMax, arenaMax);
            if (trimInterval > TimeSpan.Zero)
                _trimTimer = new Timer(_ => TrimWhenIdle(), null, trimInterval, trimInterval);
        }
    }

    /// <summary>Returns freed heap memory to the OS now (glibc <c>malloc_trim</c>).</summary>
    public static void Trim()
    {
        if (IsGlibc)
            malloc_trim(0);
    }

    /// <summary>An image is opened: its buffers are in use until <see cref="WorkEnded"/>, and no trim runs meanwhile.</summary>
    internal static void WorkStarted() => IdleTrim.WorkStarted();

    /// <summary>An image opened after <see cref="WorkStarted"/> is released.</summary>
    internal static void WorkEnded() => IdleTrim.WorkEnded();

    private static void TrimWhenIdle()
    {
        if (IdleTrim.ShouldTrimOnTick())
            Trim();
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
