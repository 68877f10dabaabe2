namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// Marks the <see cref="IImageOperation"/> that runs an action of <c>OperationCatalog</c>; the class takes the step's
/// <c>OperationSpec</c> in its constructor. The pipeline finds operations by this mark, so a new operation is one
/// file here and its descriptor, with no list to extend.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
internal sealed class ImageOperationAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}
