using System.Buffers;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Decoding;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging;

/// <summary>
/// The imaging engine: one per process (a singleton), safe to call from many threads. Initialises libvips once,
/// from <see cref="ImagingOptions"/>.
/// </summary>
public sealed class ImageProcessor
{
    public ImageProcessor(ImagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Process-wide, before libvips starts its threads and allocates: RSS stays flat under load (see NativeHeap).
        NativeHeap.Configure(options.NativeMmapThresholdBytes, options.NativeArenaMax, options.NativeTrimInterval);
        VipsLibrary.Initialize(options.LibraryPath, options.Concurrency, options.BlockUntrusted);
    }

    /// <summary>
    /// Sniffs the format and checks <paramref name="limits"/> from the header before any decode, then decodes once:
    /// shrink-on-load to what the largest of <paramref name="outputs"/> needs, auto-oriented, in sRGB, materialised
    /// so that every output renders from the same pixels (smaller sizes from larger ones already rendered, see
    /// <see cref="Pipeline.ScaleCascade"/>).
    /// </summary>
    /// <exception cref="ImageProcessingException">The source is empty, too large, not an accepted format, over a limit, or corrupt.</exception>
    public DecodedSource Open(ReadOnlyMemory<byte> source, IReadOnlyList<OutputSpec> outputs, ProcessingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(limits);

        // libvips reads the caller's bytes in place (no copy); they stay pinned until decoding is done, after which
        // the decoded image is self-contained in memory.
        using MemoryHandle pin = source.Pin();
        var blob = VipsPinnedBlob.From(pin, source.Length);
        var probe = SourceProbe.Read(blob, limits);
        var decoded = Decoder.Decode(blob, probe, outputs);
        return new DecodedSource(probe, decoded, outputs, limits);
    }
}
