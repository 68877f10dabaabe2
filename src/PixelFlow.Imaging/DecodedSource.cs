using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Decoding;
using PixelFlow.Imaging.Encoders;
using PixelFlow.Imaging.Native;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging;

/// <summary>
/// A source decoded once, in memory, ready to render any number of outputs (also concurrently).
/// Dispose it to free the pixels.
/// </summary>
public sealed class DecodedSource : IDisposable
{
    private readonly VipsImage _image;
    private readonly ScaleCascade _cascade;
    private readonly SourceProbe _probe;
    private readonly List<string> _warnings;
    private long _pixelsProcessed;

    private readonly ProcessingLimits _limits;

    internal DecodedSource(SourceProbe probe, Decoder.Result decoded, IReadOnlyList<OutputSpec> outputs, ProcessingLimits limits)
    {
        _probe = probe;
        _limits = limits;
        _image = decoded.Image;
        _cascade = new ScaleCascade(_image, outputs);
        _warnings = [.. decoded.Warnings];
        _pixelsProcessed = (long)probe.Width * probe.Height * probe.Frames;
        Report = new SourceReport
        {
            Format = probe.Format.Name,
            Width = probe.DisplayWidth,
            Height = probe.DisplayHeight,
            Bytes = probe.Bytes,
            Frames = probe.Frames,
            Orientation = probe.Orientation,
            Colourspace = probe.Interpretation,
            ColourHandling = decoded.ColourHandling,
            HasAlpha = probe.HasAlpha,
        };
    }

    /// <summary>The source as found: format, displayed size (after EXIF orientation), frames, colour.</summary>
    public SourceReport Report { get; }

    public IReadOnlyList<string> Warnings
    {
        get { lock (_warnings) return [.. _warnings]; }
    }

    /// <summary>Source pixels (all frames) plus every rendered output's pixels, for usage metering.</summary>
    public long PixelsProcessed => Interlocked.Read(ref _pixelsProcessed);

    /// <summary>Runs <paramref name="spec"/>'s steps on the decoded pixels and encodes the result.</summary>
    /// <param name="assets">Watermark images keyed by <see cref="OperationSpec.ImageKey"/>.</param>
    /// <exception cref="ImageProcessingException"><see cref="JobErrorCodes.AssetMissing"/> or <see cref="JobErrorCodes.ProcessingFailed"/>.</exception>
    public EncodedOutput Render(OutputSpec spec, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> assets)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(_image.IsClosed, this);

        var format = Encoder.Resolve(spec.Format, _probe.Format, _image.HasAlpha);
        var context = new RenderContext(spec, assets ?? new Dictionary<string, ReadOnlyMemory<byte>>(), _limits, _cascade.Scale);
        try
        {
            using var start = format.CanAnimate ? _image.Ref() : Frames.First(_image);
            using var result = ImagePipeline.For(spec).Run(start, context);
            var output = Encoder.Encode(result, spec, format);
            Interlocked.Add(ref _pixelsProcessed, (long)output.Width * output.Height * output.Frames);
            return output;
        }
        catch (VipsException e)
        {
            throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"output '{spec.Id}': {e.Message}", e);
        }
        finally
        {
            if (context.Warnings.Count > 0)
            {
                lock (_warnings)
                    _warnings.AddRange(context.Warnings.Select(w => $"output '{spec.Id}': {w}"));
            }
        }
    }

    public void Dispose()
    {
        _cascade.Dispose();
        _image.Dispose();
    }
}
