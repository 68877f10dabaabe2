using PixelFlow.Contracts.V1;
using NetVips;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>Scales <c>image</c> to exactly <c>width</c>×<c>height</c>; returns a new reference.</summary>
internal delegate Image Scaler(Image image, int width, int height);

/// <summary>What a step may need beyond the image: the output being rendered and the job's assets.</summary>
internal sealed class RenderContext(OutputSpec output, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> assets, ProcessingLimits limits,
    Scaler? scaler = null)
{
    /// <summary>The job's limits, also applied to watermark assets.</summary>
    public ProcessingLimits Limits { get; } = limits;

    public OutputSpec Output { get; } = output;
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Assets { get; } = assets;
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// How a resize step scales. <see cref="DecodedSource"/> swaps in one that may start from a smaller output
    /// already rendered from the same decoded image (see <see cref="ScaleCascade"/>).
    /// </summary>
    public Scaler Scale { get; } = scaler ?? ScaleDirect;

    /// <summary>libvips' resize (lanczos3) from <paramref name="image"/> itself; a reference when nothing changes.</summary>
    public static Image ScaleDirect(Image image, int width, int height) =>
        width == image.Width && height == image.Height
            ? image.Share()
            : image.Resize((double)width / image.Width, vscale: (double)height / image.Height);
}
