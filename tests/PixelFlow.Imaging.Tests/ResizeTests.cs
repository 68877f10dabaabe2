using PixelFlow.Contracts.V1;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

public sealed class ResizeTests
{
    [Theory]
    [InlineData("jpeg", "jpg", "image/jpeg")]
    [InlineData("png", "png", "image/png")]
    [InlineData("webp", "webp", "image/webp")]
    public void ResizeInsideWithWidthOnlyKeepsTheAspectRatioAndEncodesTheRequestedFormat(string format, string extension, string contentType)
    {
        using var output = RenderOne(Source("scene.jpg"), Output(format, new OperationSpec { Action = Actions.Resize, Width = 240 }) with { Quality = 80 });

        output.Format.ShouldBe(format);
        output.FileExtension.ShouldBe(extension);
        output.ContentType.ShouldBe(contentType);
        (output.Width, output.Height, output.Frames).ShouldBe((240, 160, 1));
        using var decoded = Load(output.Data);
        (decoded.Width, decoded.Height).ShouldBe((240, 160));
        Sniff(output.Data).ShouldStartWith(format);
    }

    [Fact]
    public void LowerJpegQualityGivesASmallerFile()
    {
        using var low = RenderOne(Source("scene.jpg"), Output("jpeg") with { Quality = 20 });
        using var high = RenderOne(Source("scene.jpg"), Output("jpeg") with { Quality = 95 });
        low.Data.Length.ShouldBeLessThan(high.Data.Length);
    }
}
