using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>
/// A one-output job whose steps read in order streams its decode into the encoder instead of materialising it
/// (what makes a single resize as cheap as raw libvips). Streaming must never change a pixel, and steps that read
/// out of order must not stream (libvips would fail with "out of order read").
/// </summary>
public sealed class StreamingTests
{
    private static OperationSpec Op(string action) => new() { Action = action };

    public static TheoryData<string, string, OperationSpec[]> InOrderJobs => new()
    {
        { "scene.jpg", "png", [Op(Actions.Resize) with { Width = 200 }] },
        { "scene.jpg", "png", [Op(Actions.Resize) with { Width = 200, Height = 100, Fit = FitModes.Cover, Gravity = Gravities.South }] },
        { "scene.jpg", "png", [Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Contain, Background = "#ff00ff" }] },
        { "scene.jpg", "png", [Op(Actions.Crop) with { Left = 40, Top = 150, Width = 100, Height = 80 }] },
        { "scene.jpg", "png", [Op(Actions.Crop) with { Width = 100, Height = 80, Gravity = Gravities.SouthEast }] },
        { "scene.jpg", "png", [Op(Actions.Crop) with { Width = 100, Height = 80, FocusX = 0.8, FocusY = 0.7 }] },
        { "scene.jpg", "png", [Op(Actions.Flop)] },
        { "scene.jpg", "png", [Op(Actions.Blur) with { Sigma = 8 }] },
        { "scene.jpg", "png", [Op(Actions.Sharpen) with { Sigma = 2 }] },
        { "scene.jpg", "png", [Op(Actions.Grayscale)] },
        { "scene.jpg", "png", [Op(Actions.Resize) with { Width = 300 }, Op(Actions.Watermark) with { Text = "© ACME", Gravity = Gravities.SouthEast }] },
        { "scene-alpha.png", "png", [Op(Actions.Resize) with { Width = 200 }, Op(Actions.Flatten) with { Background = "#00ff00" }] },
        { "scene-alpha.png", "webp", [Op(Actions.Crop) with { Width = 120, Height = 90, Gravity = Gravities.North }] },
        { "scene.jpg", "jpeg", [Op(Actions.Resize) with { Width = 150 }] },
        { "scene.jpg", "webp", [Op(Actions.Resize) with { Width = 150 }] },
        { "scene.jpg", "avif", [Op(Actions.Resize) with { Width = 150 }] },
        { "scene.jpg", "gif", [Op(Actions.Resize) with { Width = 150 }] },
        { "scene.jpg", "tiff", [Op(Actions.Resize) with { Width = 150 }] },
    };

    [Theory]
    [MemberData(nameof(InOrderJobs))]
    public void AOneOutputJobStreamsAndRendersTheSamePixelsAsAMaterialisedDecode(string source, string format, OperationSpec[] steps)
    {
        var output = Output(format, steps);
        var bytes = Source(source);

        using var streamed = Processor.Open(bytes, [output], ProcessingLimits.Default);
        streamed.Streams.ShouldBeTrue();
        using var fromStream = streamed.Render(output, NoAssets);

        // the same output twice in one job: decoded once, materialised, fanned out
        using var materialised = Processor.Open(bytes, [output, output with { Id = "twin" }], ProcessingLimits.Default);
        materialised.Streams.ShouldBeFalse();
        using var fromMemory = materialised.Render(output, NoAssets);

        (fromStream.Width, fromStream.Height, fromStream.Format).ShouldBe((fromMemory.Width, fromMemory.Height, fromMemory.Format));
        using var a = Load(fromStream.Data);
        using var b = Load(fromMemory.Data);
        Golden.MeanAbsoluteDifference(a, b).ShouldBe(0);
    }

    public static TheoryData<string, OperationSpec[]> OutOfOrderJobs => new()
    {
        { "scene.jpg", [Op(Actions.Flip)] },
        { "scene.jpg", [Op(Actions.Rotate) with { Angle = 90 }] },
        { "scene.jpg", [Op(Actions.Rotate) with { Angle = 30 }] },
        { "scene.jpg", [Op(Actions.Crop) with { Width = 100, Height = 100, Gravity = Gravities.Smart }] },
        { "scene.jpg", [Op(Actions.Resize) with { Width = 100, Height = 100, Fit = FitModes.Cover, Gravity = Gravities.Entropy }] },
        { "oriented-6.jpg", [Op(Actions.Crop) with { Width = 100, Height = 100 }] },
    };

    [Theory]
    [MemberData(nameof(OutOfOrderJobs))]
    public void StepsOrOrientationsThatReadOutOfOrderAreRenderedFromMemory(string source, OperationSpec[] steps)
    {
        var output = Output("png", steps);
        var bytes = source == "oriented-6.jpg" ? OrientedSix() : Source(source);

        using var decoded = Processor.Open(bytes, [output], ProcessingLimits.Default);
        decoded.Streams.ShouldBeFalse();
        using var rendered = decoded.Render(output, NoAssets);
        rendered.Data.Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void AShrunkRotatedJpegStreamsBecauseItsSmallResultIsRotatedInMemory()
    {
        var output = Output("png", Op(Actions.Resize) with { Width = 100 });
        using var decoded = Processor.Open(OrientedSix(), [output], ProcessingLimits.Default);
        decoded.Streams.ShouldBeTrue();
        using var rendered = decoded.Render(output, NoAssets);
        (rendered.Width, rendered.Height).ShouldBe((100, 150)); // 480×320 stored, displayed 320×480
    }

    /// <summary>scene.jpg stored as is, tagged EXIF orientation 6: displayed 320×480.</summary>
    private static byte[] OrientedSix()
    {
        using var scene = Load(Source("scene.jpg"));
        return Synth.Jpeg(scene, orientation: 6);
    }

    [Fact]
    public void AStreamedSourceRendersOnce()
    {
        var output = Output("png");
        using var decoded = Processor.Open(Source("scene.jpg"), [output], ProcessingLimits.Default);
        using var first = decoded.Render(output, NoAssets);
        Should.Throw<InvalidOperationException>(() => decoded.Render(output, NoAssets));
    }
}
