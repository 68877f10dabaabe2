using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

public sealed class WatermarkTests
{
    [Fact]
    public void TextWatermarkIsDrawnAtItsGravityWithinTheMargin()
    {
        var spec = Output("png", new OperationSpec
        {
            Action = Actions.Watermark, Text = "PixelFlow", Size = 32, Color = "#ffffff", Opacity = 1, Gravity = Gravities.SouthEast, Margin = 8,
        });
        using var output = RenderOne(Source("scene.jpg"), spec);
        using var plain = RenderOne(Source("scene.jpg"), Output("png"));
        using var a = Load(output.Data);
        using var b = Load(plain.Data);
        using var topLeftA = a.ExtractArea(0, 0, 240, 160);
        using var topLeftB = b.ExtractArea(0, 0, 240, 160);
        Golden.MeanAbsoluteDifference(topLeftA, topLeftB).ShouldBe(0);
        using var cornerA = a.ExtractArea(300, 260, 172, 52);
        using var cornerB = b.ExtractArea(300, 260, 172, 52);
        Golden.MeanAbsoluteDifference(cornerA, cornerB).ShouldBeGreaterThan(5);
        a.Bands.ShouldBe(3);
        Golden.Matches(output, "watermark-text", tolerance: 4);
    }

    [Fact]
    public void ImageWatermarkIsScaledToTheOutputWidthAndBlendedWithItsOpacity()
    {
        var logo = Source("scene-alpha.png");
        var spec = Output("png", new OperationSpec
        {
            Action = Actions.Watermark, ImageKey = "logo", Scale = 0.25, Opacity = 0.6, Gravity = Gravities.NorthWest, Margin = 0,
        });
        using var output = RenderOne(Source("scene.jpg"), spec, new Dictionary<string, ReadOnlyMemory<byte>> { ["logo"] = logo });
        (output.Width, output.Height).ShouldBe((480, 320));
        Golden.Matches(output, "watermark-image");
    }
}
