using System.Reflection;
using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// Process-wide libvips state: which native build is loaded, one-time initialisation, concurrency, leak and
/// memory diagnostics. libvips can be initialised once per process, so the first <see cref="Initialize"/> wins and
/// later calls must agree with it.
/// </summary>
public static unsafe class VipsLibrary
{
    /// <summary>Debian's libvips 8.14 soname.</summary>
    public const string DefaultLibraryPath = "libvips.so.42";

    private static readonly Lock Gate = new();
    private static string? _libraryPath;
    private static IntPtr _vipsHandle;
    private static IntPtr _gobjectHandle;
    private static IntPtr _glibHandle;
    private static bool _initialised;

    /// <summary>The native library in use, once initialised.</summary>
    public static string? LibraryPath => _libraryPath;

    public static bool IsInitialised => _initialised;

    /// <summary>
    /// Loads libvips from <paramref name="libraryPath"/> (a soname or a file path, e.g. sharp's
    /// <c>libvips-cpp.so.8.18.x</c>) and initialises it: operation cache off (a service processing unique images
    /// gains nothing from it and it holds memory), concurrency set when &gt; 0, untrusted loaders blocked when asked.
    /// </summary>
    /// <param name="leakCheck">libvips' leak checker (vips_leak_set) must be switched on before vips_init.</param>
    public static void Initialize(string libraryPath = DefaultLibraryPath, int concurrency = 0, bool blockUntrusted = true, bool leakCheck = false)
    {
        lock (Gate)
        {
            if (_initialised)
            {
                if (!string.Equals(_libraryPath, libraryPath, StringComparison.Ordinal))
                    throw new InvalidOperationException($"libvips is already loaded from '{_libraryPath}'; one build per process ('{libraryPath}' requested).");
                if (concurrency > 0)
                    LibVips.vips_concurrency_set(concurrency);
                return;
            }

            _libraryPath = libraryPath;
            NativeLibrary.SetDllImportResolver(typeof(VipsLibrary).Assembly, Resolve);
            _vipsHandle = NativeLibrary.Load(libraryPath, typeof(VipsLibrary).Assembly, DllImportSearchPath.SafeDirectories);

            if (leakCheck || Environment.GetEnvironmentVariable("PIXELFLOW_VIPS_LEAK") == "1")
                LibVips.vips_leak_set(1);
            if (LibVips.vips_init("pixelflow") != 0)
                throw VipsException.FromLastError("vips_init failed");

            LibVips.vips_cache_set_max(0);
            if (concurrency > 0)
                LibVips.vips_concurrency_set(concurrency);
            LibVips.vips_block_untrusted_set(blockUntrusted ? 1 : 0);
            _initialised = true;
        }
    }

    /// <summary>libvips' version, e.g. 8.14.1.</summary>
    public static Version Version
    {
        get
        {
            EnsureInitialised();
            return new Version(LibVips.vips_version(0), LibVips.vips_version(1), LibVips.vips_version(2));
        }
    }

    /// <summary>Threads libvips uses per pipeline.</summary>
    public static int Concurrency
    {
        get { EnsureInitialised(); return LibVips.vips_concurrency_get(); }
        set { EnsureInitialised(); LibVips.vips_concurrency_set(value); }
    }

    /// <summary>Bytes libvips currently tracks as allocated (pixel buffers and memory images).</summary>
    public static long TrackedMemory { get { EnsureInitialised(); return (long)LibVips.vips_tracked_get_mem(); } }

    /// <summary>High-water mark of <see cref="TrackedMemory"/>.</summary>
    public static long TrackedMemoryHighWater { get { EnsureInitialised(); return (long)LibVips.vips_tracked_get_mem_highwater(); } }

    /// <summary>Number of live tracked allocations.</summary>
    public static int TrackedAllocations { get { EnsureInitialised(); return LibVips.vips_tracked_get_allocs(); } }

    /// <summary>Number of VipsObjects (images, operations, sources…) alive in the process right now.</summary>
    public static int LiveObjectCount()
    {
        EnsureInitialised();
        int count = 0;
        LibVips.vips_object_map(&CountObject, (IntPtr)(&count), IntPtr.Zero);
        return count;
    }

    [UnmanagedCallersOnly]
    private static IntPtr CountObject(IntPtr item, IntPtr a, IntPtr b)
    {
        (*(int*)a)++;
        return IntPtr.Zero;
    }

    /// <summary>
    /// Frees libvips' per-thread state; call it from a worker thread that used libvips before the thread exits.
    /// </summary>
    public static void ThreadShutdown()
    {
        if (_initialised)
            LibVips.vips_thread_shutdown();
    }

    internal static void EnsureInitialised()
    {
        if (!_initialised)
            Initialize();
    }

    /// <summary>Reads and clears libvips' pending error text.</summary>
    internal static string TakeError()
    {
        var buffer = LibVips.vips_error_buffer_copy();
        if (buffer == IntPtr.Zero)
            return string.Empty;
        try { return (Marshal.PtrToStringUTF8(buffer) ?? string.Empty).Trim(); }
        finally { LibVips.g_free(buffer); }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        LibVips.Vips => _vipsHandle,
        LibVips.GObject => _gobjectHandle != IntPtr.Zero ? _gobjectHandle : _gobjectHandle = FromVipsOr("g_object_unref", "libgobject-2.0.so.0"),
        LibVips.GLib => _glibHandle != IntPtr.Zero ? _glibHandle : _glibHandle = FromVipsOr("g_free", "libglib-2.0.so.0"),
        _ => IntPtr.Zero,
    };

    // sharp's libvips-cpp exports GLib/GObject itself; Debian's libvips links them as separate libraries. Using the
    // copy that libvips itself uses matters: two GLibs in one process would have two type systems.
    private static IntPtr FromVipsOr(string probeSymbol, string fallback) =>
        NativeLibrary.TryGetExport(_vipsHandle, probeSymbol, out _) ? _vipsHandle : NativeLibrary.Load(fallback);
}
