namespace PixelFlow.Imaging;

/// <summary>Engine settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    /// <summary>
    /// The libvips shared library: a soname or a path. Debian's 8.14 by default; a newer build such as sharp's
    /// <c>libvips-cpp.so.8.18.x</c> (which exports the whole C API and GLib) can be swapped in. One per process.
    /// </summary>
    public string LibraryPath { get; set; } = "libvips.so.42";

    /// <summary>Threads libvips uses per image pipeline; 0 keeps libvips' default (the number of cores).</summary>
    public int Concurrency { get; set; } = 0;

    /// <summary>Block loaders libvips marks untrusted (on top of the engine's own loader allowlist).</summary>
    public bool BlockUntrusted { get; set; } = true;
}
