using PixelFlow.Contracts.V1;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>A job's smaller outputs are scaled from its larger ones (ScaleCascade): nothing a client sees may change.</summary>
public sealed class CascadeTests
{
    private static OperationSpec Resize(int? width, int? height = null, string? fit = null) =>
        new() { Action = Actions.Resize, Width = width, Height = height, Fit = fit };

    [Fact]
    public void OutputsScaledFromLargerOutputsHaveTheSizesAndPixelsOfSeparateJobs()
    {
        var outputs = new[]
        {
            Output("png", Resize(400)) with { Id = "large" },
            Output("png", Resize(240)) with { Id = "medium" },
            Output("jpeg", Resize(240)) with { Id = "medium-jpeg" },
            Output("png", Resize(97)) with { Id = "odd" },
            Output("png", Resize(100, 100, FitModes.Cover)) with { Id = "square" },
            Output("png", Resize(60), new OperationSpec { Action = Actions.Flip }) with { Id = "flipped" },
        };
        var source = Source("scene.jpg");

        using var decoded = Processor.Open(source, outputs, ProcessingLimits.Default);
        foreach (var spec in outputs)
        {
            using var together = decoded.Render(spec, NoAssets);
            using var alone = RenderOne(source, spec);
            (together.Width, together.Height).ShouldBe((alone.Width, alone.Height), spec.Id);
            using var a = Load(together.Data);
            using var b = Load(alone.Data);
            Golden.MeanAbsoluteDifference(a, b).ShouldBeLessThan(2, spec.Id);
        }
    }

    [Fact]
    public void RenderingInAnyOrderGivesTheSameSizes()
    {
        var outputs = new[] { Output("png", Resize(90)) with { Id = "small" }, Output("png", Resize(300)) with { Id = "large" } };
        using var decoded = Processor.Open(Source("scene.jpg"), outputs, ProcessingLimits.Default);
        using var small = decoded.Render(outputs[0], NoAssets);
        using var large = decoded.Render(outputs[1], NoAssets);
        using var again = decoded.Render(outputs[0], NoAssets);
        (small.Width, small.Height, large.Width, large.Height).ShouldBe((90, 60, 300, 200));
        again.Data.ToArray().ShouldBe(small.Data.ToArray());
    }
}
