using System.Reflection;
using NetVips;
using PixelFlow.Contracts.V1;

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

    /// <summary>How each action's operation is made, found by the <see cref="ImageOperationAttribute"/> on its class.</summary>
    internal static IReadOnlyDictionary<string, Func<OperationSpec, IImageOperation>> Factories { get; } = typeof(ImagePipeline).Assembly
        .GetTypes()
        .Where(type => typeof(IImageOperation).IsAssignableFrom(type))
        .SelectMany(type => type.GetCustomAttributes<ImageOperationAttribute>().Select(mark => (mark.Action, Factory: FactoryFor(type))))
        .ToDictionary(operation => operation.Action, operation => operation.Factory);

    /// <summary>The class's constructor taking the step, or its parameterless one for an operation without fields.</summary>
    private static Func<OperationSpec, IImageOperation> FactoryFor(Type type)
    {
        if (type.GetConstructor([typeof(OperationSpec)]) is { } withSpec)
        {
            return spec => (IImageOperation)withSpec.Invoke([spec]);
        }

        var parameterless = type.GetConstructor(Type.EmptyTypes)
                            ?? throw new InvalidOperationException($"{type.Name} needs a constructor taking the OperationSpec, or none");
        return _ => (IImageOperation)parameterless.Invoke(null);
    }

    private static IImageOperation Create(OperationSpec spec) => Factories.TryGetValue(spec.Action, out var create)
        ? create(spec)
        : throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"unknown action '{spec.Action}'");
}
