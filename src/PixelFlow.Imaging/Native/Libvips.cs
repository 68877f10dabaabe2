using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetVips;
using LibvipsGlobals = NetVips.NetVips;

namespace PixelFlow.Imaging.Native;

/// <summary>Which libvips build a process runs (one per process: two builds would bring two GLib type systems).</summary>
public enum LibvipsBuild
{
    /// <summary>libvips 8.18.7 from NetVips.Native.linux-x64: the faster build, everything but HEIC (no HEVC decoder).</summary>
    Bundled,

    /// <summary>The operating system's <c>libvips.so.42</c> (Debian's 8.14 with libheif): decodes HEIC, slower.</summary>
    System,
}

/// <summary>
/// Process-wide libvips state through NetVips: which build is loaded, one-time settings (operation cache off,
/// concurrency, untrusted loaders blocked, the loader allowlist) and memory diagnostics.
/// </summary>
public static class Libvips
{
    /// <summary>The soname both builds carry; the system one is found by the dynamic loader's own search.</summary>
    public const string SharedLibraryName = "libvips.so.42";

    /// <summary>
    /// The loader families accepted from untrusted input, as libvips class names (blocking a class blocks its
    /// file, buffer and source variants). Everything else libvips can load (SVG, PDF, JPEG XL, ImageMagick, FITS…)
    /// is blocked: each widens the attack surface for no product gain.
    /// </summary>
    private static readonly string[] AllowedLoaderClasses =
    [
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif", "VipsForeignLoadTiff",
        "VipsForeignLoadHeif",
    ];

    private static readonly Lock Gate = new();
    private static LibvipsBuild? _build;
    private static IntPtr _handle;

    /// <summary>The build loaded in this process, once initialised.</summary>
    public static LibvipsBuild? Build => _build;

    /// <summary>libvips' version, e.g. 8.18.7.</summary>
    public static Version Version => new(LibvipsGlobals.Version(0), LibvipsGlobals.Version(1), LibvipsGlobals.Version(2));

    /// <summary>Bytes of pixel memory libvips tracks right now.</summary>
    public static long TrackedMemory => Stats.Mem;

    /// <summary>Live tracked allocations (pixel buffers, memory images).</summary>
    public static int TrackedAllocations => Stats.Allocations;

    /// <summary>Files libvips holds open.</summary>
    public static int OpenFiles => Stats.Files;

    /// <summary>
    /// Loads <paramref name="build"/> and applies the settings. Must run before anything else in the process touches
    /// NetVips (NetVips loads the bundled build on first use); the first call wins and later calls must agree.
    /// </summary>
    public static void Initialize(LibvipsBuild build, int concurrency = 0, bool blockUntrusted = true)
    {
        lock (Gate)
        {
            if (_build is { } loaded)
            {
                if (loaded != build)
                    throw new InvalidOperationException($"libvips is already loaded from the {loaded} build; one build per process ({build} requested).");
                if (concurrency > 0)
                    SetConcurrency(concurrency);
                return;
            }

            SelectLibrary(build);
            Configure(build, concurrency, blockUntrusted);
            _build = build;
        }
    }

    // Everything that touches NetVips lives in methods of its own, never inlined: compiling a method that reads a
    // NetVips static field may run NetVips' module initializer, which loads a library, before SelectLibrary.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetConcurrency(int concurrency) => LibvipsGlobals.Concurrency = concurrency;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Configure(LibvipsBuild build, int concurrency, bool blockUntrusted)
    {
        if (!ModuleInitializer.VipsInitialized)
            throw new InvalidOperationException($"libvips ({build}) could not be loaded: {ModuleInitializer.Exception?.Message}", ModuleInitializer.Exception);

        // A service processing unique images gains nothing from the operation cache, and it holds memory.
        Cache.Max = 0;
        if (concurrency > 0)
            LibvipsGlobals.Concurrency = concurrency;
        LibvipsGlobals.BlockUntrusted = blockUntrusted;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaderClasses)
        {
            if (LibvipsGlobals.TypeFromName(loader) != IntPtr.Zero)
                Operation.Block(loader, false);
        }
    }

    /// <summary>
    /// NetVips imports libvips (and GLib from it) through one resolver, which its module initializer installs, and
    /// then loads libvips, as soon as any of its types is touched (even <c>typeof</c>). Loading the assembly by name
    /// runs none of its code: installing our resolver first decides the build, and NetVips keeps it.
    /// </summary>
    private static void SelectLibrary(LibvipsBuild build)
    {
        var netVips = Assembly.Load(new AssemblyName("NetVips"));
        try
        {
            NativeLibrary.SetDllImportResolver(netVips, (_, assembly, searchPath) => _handle != IntPtr.Zero ? _handle : _handle = Load(build, assembly, searchPath));
        }
        catch (InvalidOperationException) when (build == LibvipsBuild.Bundled)
        {
            // NetVips was used before this call: its own resolver loaded the bundled build, which is what was asked.
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException("NetVips was used before the system libvips was selected; it has loaded the bundled build.", e);
        }
    }

    // dlsym on the libvips handle also finds GLib and GObject, in libvips itself (bundled) or in the libraries it
    // links (system), so every library name NetVips imports maps to the one handle.
    private static IntPtr Load(LibvipsBuild build, Assembly netVips, DllImportSearchPath? searchPath) => build switch
    {
        // The package's copy, found through the application's dependency manifest.
        LibvipsBuild.Bundled => NativeLibrary.Load(SharedLibraryName, netVips, searchPath),
        // The dynamic loader's search (ld.so.cache), which never looks in the application's folder.
        _ => NativeLibrary.Load(SharedLibraryName),
    };
}
