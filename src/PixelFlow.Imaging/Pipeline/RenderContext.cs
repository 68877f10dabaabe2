using PixelFlow.Contracts.V1;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>What a step may need beyond the image: the output being rendered and the job's assets.</summary>
internal sealed class RenderContext(OutputSpec output, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> assets, ProcessingLimits limits)
{
    /// <summary>The job's limits, also applied to watermark assets.</summary>
    public ProcessingLimits Limits { get; } = limits;

    public OutputSpec Output { get; } = output;
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Assets { get; } = assets;
    public List<string> Warnings { get; } = [];
}
