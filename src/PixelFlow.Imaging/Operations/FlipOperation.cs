namespace PixelFlow.Imaging.Operations;

/// <summary>Mirror top-to-bottom (<c>flip</c>, as sharp) or left-to-right (<c>flop</c>), frame by frame.</summary>
[ImageOperation(Actions.Flip)]
[ImageOperation(Actions.Flop)]
internal sealed class FlipOperation(OperationSpec spec) : IImageOperation
{
    private bool Vertical => spec.Action == Actions.Flip;

    public bool ReadsInOrder => !Vertical;

    public Image Apply(Image image, RenderContext context) =>
        Frames.Map(image, frame => frame.Flip(Vertical ? Enums.Direction.Vertical : Enums.Direction.Horizontal));
}
