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
    /// <summary>How often freed native memory is handed back to the OS (see <see cref="VipsLibrary.TrimNativeHeap"/>).</summary>
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(5);

    private static readonly Lazy<Timer> TrimTimer = new(() => new Timer(_ => VipsLibrary.TrimNativeHeap(), null, TrimInterval, TrimInterval));

    public ImageProcessor(ImagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        VipsLibrary.Initialize(options.LibraryPath, options.Concurrency, options.BlockUntrusted);
        // One process-wide timer however many processors are created: RSS stays flat under load.
        _ = TrimTimer.Value;
    }

    /// <summary>
    /// Sniffs the format and checks <paramref name="limits"/> from the header before any decode, then decodes once:
    /// shrink-on-load to what the largest of <paramref name="outputs"/> needs, auto-oriented, in sRGB, materialised
    /// so that every output renders from the same pixels.
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
        return new DecodedSource(probe, decoded, limits);
    }
}
