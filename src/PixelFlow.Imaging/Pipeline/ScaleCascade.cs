using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Operations;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// Decode once, scale from the nearest size: a job's outputs are usually the same picture at several sizes
/// (1600, 1024, 640, 300, 150). Each downscale of the decoded image starts from the smallest downscale already
/// rendered that still covers it (1600 → 1024 → 640 → 300 → 150 instead of 1600 → each), so it reads a fraction of
/// the pixels; an output the same size as an earlier one is not resized again. Only sizes a later output of the
/// job's plan can use are kept (materialised, until the source is disposed).
/// </summary>
/// <remarks>
/// Sizes are always computed from the decoded image, so an output's dimensions never depend on where it was scaled
/// from. Pixels differ from a direct lanczos3 downscale by 47–62 dB PSNR on the benchmark photographs (1600 px →
/// 1024 → 640 → 300 → 150), far below what JPEG or WebP at q80 keep.
/// </remarks>
internal sealed class ScaleCascade : IDisposable
{
    private readonly Image _decoded;
    private readonly List<(int Width, int Height)> _planned;
    private readonly List<Image> _scaled = [];
    private readonly Lock _gate = new();

    /// <param name="decoded">The materialised decoded image (not owned).</param>
    /// <param name="outputs">The job's outputs: those starting with a resize tell which sizes are worth keeping.</param>
    public ScaleCascade(Image decoded, IEnumerable<OutputSpec> outputs)
    {
        _decoded = decoded;
        _planned = decoded.Pages() > 1
            ? []
            : [.. outputs.Where(o => o.Steps.Count > 0 && o.Steps[0].Action == Actions.Resize)
                .Select(o => ResizeOperation.ScaledSize(o.Steps[0], decoded.Width, decoded.Height))];
    }

    /// <summary>A <see cref="Scaler"/>: cascades when <paramref name="image"/> is the decoded image itself.</summary>
    public Image Scale(Image image, int width, int height)
    {
        if (!ReferenceEquals(image, _decoded) || (width >= image.Width && height >= image.Height))
            return RenderContext.ScaleDirect(image, width, height);

        // Sizes kept live until this cascade is disposed, after every render: no reference is needed to read them.
        Image source;
        bool keep;
        lock (_gate)
        {
            _planned.Remove((width, height));
            source = _scaled.Where(s => s.Width >= width && s.Height >= height).MinBy(s => (long)s.Width * s.Height) ?? _decoded;
            if (source.Width == width && source.Height == height)
                return source.Share();
            keep = _planned.Any(p => p.Width <= width && p.Height <= height);
        }

        var scaled = RenderContext.ScaleDirect(source, width, height);
        if (!keep)
            return scaled;

        // The encoder and the smaller sizes will all read it: render it once, into memory.
        using (scaled)
        {
            var materialised = scaled.CopyMemory();
            lock (_gate)
                _scaled.Add(materialised);
            return materialised.Share();
        }
    }

    /// <summary>Kills every size kept: every pixel request to them fails from now on (see <see cref="Image.SetKill"/>).</summary>
    public void Kill()
    {
        lock (_gate)
        {
            foreach (var image in _scaled)
                image.SetKill(true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var image in _scaled)
                image.Dispose();
            _scaled.Clear();
        }
    }
}
