using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Decoding;
using PixelFlow.Imaging.Encoders;
using PixelFlow.Imaging.Native;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging;

/// <summary>
/// A source decoded once, in memory, ready to render any number of outputs (also concurrently); or, for a job with
/// one output whose steps read in order, libvips' lazy decode, rendered once, straight from the source bytes.
/// Dispose it to free the pixels.
/// </summary>
public sealed class DecodedSource : IDisposable
{
    private readonly Image _image;
    private readonly ScaleCascade _cascade;
    private readonly SourceProbe _probe;
    private readonly List<string> _warnings;
    private long _pixelsProcessed;

    private readonly ProcessingLimits _limits;
    private readonly IReadOnlyList<OutputSpec> _outputs;
    private readonly Source? _streamedFrom;
    private bool _consumed;
    private int _disposed;

    /// <param name="streamedFrom">The source bytes when <paramref name="decoded"/> was not materialised (owned).</param>
    internal DecodedSource(SourceProbe probe, Decoder.Result decoded, IReadOnlyList<OutputSpec> outputs, ProcessingLimits limits,
        Source? streamedFrom)
    {
        _probe = probe;
        _outputs = outputs;
        _streamedFrom = streamedFrom;
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

    /// <summary>
    /// The decode was not materialised: libvips decodes while the one output encodes (see
    /// <see cref="ImageProcessor.Open"/>), so decoding costs show up in <see cref="Render"/>.
    /// </summary>
    public bool Streams => _streamedFrom is not null;

    public IReadOnlyList<string> Warnings
    {
        get { lock (_warnings) return [.. _warnings]; }
    }

    /// <summary>Source pixels (all frames) plus every rendered output's pixels, for usage metering.</summary>
    public long PixelsProcessed => Interlocked.Read(ref _pixelsProcessed);

    /// <summary>Runs <paramref name="spec"/>'s steps on the decoded pixels and encodes the result.</summary>
    /// <param name="assets">Watermark images keyed by <see cref="OperationSpec.ImageKey"/>.</param>
    /// <param name="cancellationToken">
    /// Stops the render mid-computation (a job's deadline): libvips is told to kill the decoded pixels, so the next
    /// pixel request of any operation or encoder fails. The source cannot render anything after that.
    /// </param>
    /// <exception cref="ImageProcessingException">
    /// <see cref="JobErrorCodes.AssetMissing"/> or <see cref="JobErrorCodes.ProcessingFailed"/>; when streamed, also
    /// <see cref="JobErrorCodes.SourceCorrupt"/>.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public EncodedOutput Render(OutputSpec spec, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> assets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(_image.IsClosed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var pipeline = ImagePipeline.For(spec);
        if (_streamedFrom is not null)
        {
            // A sequential decode cannot be read twice.
            if (_consumed)
                throw new InvalidOperationException("a streamed source renders its one output once");
            if (!pipeline.ReadsInOrder)
                throw new InvalidOperationException($"output '{spec.Id}' reads out of order; it was not among the outputs the source was opened for");
            _consumed = true;
        }

        var format = Encoder.Resolve(spec.Format, _probe.Format, _image.HasAlpha());
        var context = new RenderContext(spec, assets ?? new Dictionary<string, ReadOnlyMemory<byte>>(), _limits, _cascade.Scale);
        if (_probe.IsAnimated && !format.CanAnimate)
            context.Warnings.Add($"the source has {_probe.Frames} frames; {format.Name} cannot animate, so only the first frame was used");
        // Every render reads from the decoded image or from a size the cascade keeps: killing those stops it.
        // The registration ends with this method, before anything it kills can be disposed.
        using var deadline = cancellationToken.Register(() =>
        {
            _image.SetKill(true);
            _cascade.Kill();
        });
        // The decoded image itself when every frame is kept (a leading resize recognises it, see ScaleCascade).
        using var firstFrame = format.CanAnimate || _image.Pages() <= 1 ? null : Frames.First(_image);
        try
        {
            using var result = pipeline.Run(firstFrame ?? _image, context);
            var output = Encoder.Encode(result, spec, format);
            Interlocked.Add(ref _pixelsProcessed, (long)output.Width * output.Height * output.Frames);
            return output;
        }
        catch (VipsException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"output '{spec.Id}' was stopped: {e.Message}", e, cancellationToken);
        }
        catch (VipsException e)
        {
            if (_streamedFrom is not null && SourceFault() is { } corrupt)
                throw corrupt;
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

    /// <summary>
    /// A streamed render decodes while it encodes, so its failure may be the source's. libvips' message cannot be
    /// trusted to tell (its error buffer is process-wide), so decode again, materialised: the source is corrupt if
    /// that fails too. Costs a second decode, on the failure path only.
    /// </summary>
    private ImageProcessingException? SourceFault()
    {
        try
        {
            using var decoded = Decoder.Decode(_streamedFrom!, _probe, _outputs, materialise: true).Image;
            return null;
        }
        catch (ImageProcessingException corrupt)
        {
            return corrupt.Code == JobErrorCodes.SourceCorrupt ? corrupt : null;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cascade.Dispose();
        _image.Dispose();
        _streamedFrom?.Dispose();
        NativeHeap.WorkEnded();
    }
}
