using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Decoding;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging;

/// <summary>
/// The imaging engine: one per process (a singleton), safe to call from many threads. Loads and initialises libvips
/// once, from <see cref="ImagingOptions"/>.
/// </summary>
public sealed class ImageProcessor
{
    public ImageProcessor(ImagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Process-wide, before libvips starts its threads and allocates: RSS stays flat under load (see NativeHeap).
        NativeHeap.Configure(options.NativeMmapThresholdBytes, options.NativeTrimThresholdBytes, options.NativeArenaMax, options.NativeTrimInterval);
        Libvips.Initialize(options.Library, options.Concurrency, options.BlockUntrusted);
    }

    /// <summary>
    /// Sniffs the format and checks <paramref name="limits"/> from the header before any decode, then decodes once:
    /// shrink-on-load to what the largest of <paramref name="outputs"/> needs, auto-oriented, in sRGB, materialised
    /// so that every output renders from the same pixels (smaller sizes from larger ones already rendered, see
    /// <see cref="Pipeline.ScaleCascade"/>). A job with one output whose steps read in order is not materialised:
    /// it streams from the source bytes to the encoder, as raw libvips would, and a corrupt body is then reported
    /// by <see cref="DecodedSource.Render"/>.
    /// </summary>
    /// <param name="source">The encoded source; a whole array is lent to libvips until the result is disposed (do not change it), other memory is copied.</param>
    /// <exception cref="ImageProcessingException">The source is empty, too large, not an accepted format, over a limit, or corrupt.</exception>
    public DecodedSource Open(ReadOnlyMemory<byte> source, IReadOnlyList<OutputSpec> outputs, ProcessingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(limits);

        // From here until the result is disposed, the process is busy: no idle trim (see NativeHeap).
        NativeHeap.WorkStarted();
        NetVips.Source? bytes = null;
        try
        {
            bytes = SourceProbe.Accept(source, limits);
            var probe = SourceProbe.Read(bytes, source.Length, limits);
            var streamed = Streams(probe, outputs);
            var decoded = Decoder.Decode(bytes, probe, outputs, materialise: !streamed);
            if (streamed)
                return new DecodedSource(probe, decoded, outputs, limits, streamedFrom: bytes);
            bytes.Dispose();
            return new DecodedSource(probe, decoded, outputs, limits, streamedFrom: null);
        }
        catch
        {
            bytes?.Dispose();
            NativeHeap.WorkEnded();
            throw;
        }
    }

    /// <summary>
    /// Whether this process' libvips decodes sources of <paramref name="sniffedFormat"/> (an <see cref="ImageSniffer"/>
    /// name). The bundled build has no HEVC decoder ("Support for this compression format has not been built in"):
    /// HEIC/HEIF sources need the system build.
    /// </summary>
    public static bool Decodes(string sniffedFormat) => sniffedFormat != "heif" || Libvips.Build == LibvipsBuild.System;

    /// <summary>Whether the job can skip materialising: one output, whose decode and steps all read in order.</summary>
    private static bool Streams(SourceProbe probe, IReadOnlyList<OutputSpec> outputs) =>
        outputs.Count == 1 && Decoder.ReadsInOrder(probe, outputs) && Pipeline.ImagePipeline.For(outputs[0]).ReadsInOrder;
}
