using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Operations;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// An output's ordered steps, run by one loop. EXIF auto-orientation is not a step here: it always happens first,
/// while decoding (<see cref="ImageProcessor.Open"/>), so every step and every reported size sees the displayed
/// image.
/// </summary>
internal sealed class ImagePipeline(IReadOnlyList<IImageOperation> steps)
{
    public IReadOnlyList<IImageOperation> Steps { get; } = steps;

    /// <summary>Every step reads its input once, in order (see <see cref="IImageOperation.ReadsInOrder"/>).</summary>
    public bool ReadsInOrder => Steps.All(step => step.ReadsInOrder);

    public static ImagePipeline For(OutputSpec output) =>
        new(output.Steps.Select(Create).ToArray());

    /// <summary>Runs every step; returns a new image (the input stays owned by the caller).</summary>
    /// <remarks>
    /// The first step receives <paramref name="input"/> itself, so that a leading resize can recognise the decoded
    /// image and scale from a smaller size already rendered (see <see cref="ScaleCascade"/>).
    /// </remarks>
    public Image Run(Image input, RenderContext context)
    {
        Image? current = null;
        foreach (var step in Steps)
        {
            var next = step.Apply(current ?? input, context);
            current?.Dispose();
            current = next;
        }

        return current ?? input.Share();
    }

    private static IImageOperation Create(OperationSpec spec) => spec.Action switch
    {
        Actions.Resize => new ResizeOperation(spec),
        Actions.Crop => new CropOperation(spec),
        Actions.Rotate => new RotateOperation(spec),
        Actions.Flip => new FlipOperation(vertical: true),
        Actions.Flop => new FlipOperation(vertical: false),
        Actions.Blur => new BlurOperation(spec),
        Actions.Sharpen => new SharpenOperation(spec),
        Actions.Grayscale => new GrayscaleOperation(),
        Actions.Flatten => new FlattenOperation(spec),
        Actions.Watermark => new WatermarkOperation(spec),
        _ => throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"unknown action '{spec.Action}'"),
    };
}
