using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>Every operation on the 480×320 synthetic scene, pinned by golden images (PNG outputs: lossless).</summary>
public sealed class OperationTests
{
    private static EncodedOutput Render(params OperationSpec[] steps) => RenderOne(Source("scene.jpg"), Output("png", steps));

    private static OperationSpec Op(string action) => new() { Action = action };

    [Fact]
    public void ResizeInsideFitsWithinTheBoxKeepingTheAspectRatio()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200 });
        (output.Width, output.Height).ShouldBe((200, 133));
        Golden.Matches(output, "resize-inside-200x200");
    }

    [Fact]
    public void ResizeCoverFillsTheBoxAndCropsTheOverflow()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Cover });
        (output.Width, output.Height).ShouldBe((200, 200));
        Golden.Matches(output, "resize-cover-200x200");
    }

    [Fact]
    public void ResizeContainPadsToTheBoxWithTheBackground()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Contain, Background = "#ff00ff" });
        (output.Width, output.Height).ShouldBe((200, 200));
        using var image = Load(output.Data);
        image.Getpoint(100, 2).ShouldBe([255, 0, 255]);
        Golden.Matches(output, "resize-contain-200x200");
    }

    [Fact]
    public void ResizeContainWithATransparentBackgroundAddsAlpha()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Contain, Background = "transparent" });
        using var image = Load(output.Data);
        image.Bands.ShouldBe(4);
        image.Getpoint(100, 2)[3].ShouldBe(0);
    }

    [Fact]
    public void ResizeFillStretchesToTheBoxIgnoringTheAspectRatio()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Fill });
        (output.Width, output.Height).ShouldBe((200, 200));
        Golden.Matches(output, "resize-fill-200x200");
    }

    [Fact]
    public void ResizeOutsideCoversTheBoxWithoutCropping()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 200, Height = 200, Fit = FitModes.Outside });
        (output.Width, output.Height).ShouldBe((300, 200));
    }

    [Fact]
    public void ResizeWithHeightOnlyScalesTheWidthToMatch()
    {
        using var output = Render(Op(Actions.Resize) with { Height = 100 });
        (output.Width, output.Height).ShouldBe((150, 100));
    }

    [Fact]
    public void ResizeWithoutEnlargementNeverUpscales()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 960, WithoutEnlargement = true });
        (output.Width, output.Height).ShouldBe((480, 320));
    }

    [Fact]
    public void ResizeUpscalesWhenEnlargementIsAllowed()
    {
        using var output = Render(Op(Actions.Resize) with { Width = 960 });
        (output.Width, output.Height).ShouldBe((960, 640));
    }

    [Fact]
    public void CropByRectangleCutsExactlyThatRegion()
    {
        using var output = Render(Op(Actions.Crop) with { Left = 330, Top = 170, Width = 70, Height = 70 });
        (output.Width, output.Height).ShouldBe((70, 70));
        using var image = Load(output.Data);
        var p = image.Getpoint(5, 5);
        p[0].ShouldBeGreaterThan(200); // the red patch
        p[1].ShouldBeLessThan(60);
        Golden.Matches(output, "crop-rectangle");
    }

    [Fact]
    public void CropWithCompassGravityAnchorsTheBoxToThatEdge()
    {
        using var output = Render(Op(Actions.Crop) with { Width = 160, Height = 100, Gravity = Gravities.NorthWest });
        using var image = Load(output.Data);
        image.Getpoint(20, 15)[0].ShouldBeLessThan(40); // the dark bar at the top-left
        Golden.Matches(output, "crop-northwest");
    }

    [Theory]
    [InlineData(Gravities.Smart)]
    [InlineData(Gravities.Entropy)]
    public void CropSmartAndEntropyFindTheDetailedPatch(string gravity)
    {
        using var output = Render(Op(Actions.Crop) with { Width = 120, Height = 120, Gravity = gravity });
        (output.Width, output.Height).ShouldBe((120, 120));
        using var image = Load(output.Data);
        using var red = image.ExtractBand(0);
        using var green = image.ExtractBand(1);
        // the red patch (230,30,40) must be inside the box: some pixels far redder than green
        using var diff = red.Subtract(green);
        diff.Max().ShouldBeGreaterThan(150);
    }

    [Fact]
    public void CropAtAFocalPointCentresTheBoxOnItAndStaysInside()
    {
        using var centred = Render(Op(Actions.Crop) with { Width = 100, Height = 100, FocusX = 365 / 480.0, FocusY = 205 / 320.0 });
        using var image = Load(centred.Data);
        image.Getpoint(50, 50).ShouldBe([255, 220, 180], tolerance: 6); // the skin-tone square's centre

        using var corner = Render(Op(Actions.Crop) with { Width = 100, Height = 100, FocusX = 0, FocusY = 0 });
        using var cornerImage = Load(corner.Data);
        cornerImage.Getpoint(20, 15)[0].ShouldBeLessThan(40); // clamped to the top-left: the dark bar
    }

    [Fact]
    public void RotateByARightAngleSwapsTheDimensions()
    {
        using var output = Render(Op(Actions.Rotate) with { Angle = 90 });
        (output.Width, output.Height).ShouldBe((320, 480));
        Golden.Matches(output, "rotate-90");
    }

    [Fact]
    public void RotateByAnArbitraryAngleFillsTheCornersWithTheBackground()
    {
        using var output = Render(Op(Actions.Rotate) with { Angle = 30, Background = "#00ff00" });
        output.Width.ShouldBeGreaterThan(480);
        using var image = Load(output.Data);
        image.Getpoint(1, 1).ShouldBe([0, 255, 0], tolerance: 2);
        Golden.Matches(output, "rotate-30");
    }

    [Fact]
    public void RotateIsClockwise()
    {
        using var quarter = Render(Op(Actions.Rotate) with { Angle = 90 });
        using var image = Load(quarter.Data);
        // the dark bar at the source's top-left ends up at the top-right
        image.Getpoint(320 - 20, 20)[0].ShouldBeLessThan(40);
    }

    [Fact]
    public void FlipMirrorsTopToBottom()
    {
        using var output = Render(Op(Actions.Flip));
        using var image = Load(output.Data);
        image.Getpoint(20, 320 - 20)[0].ShouldBeLessThan(40);
        Golden.Matches(output, "flip");
    }

    [Fact]
    public void FlopMirrorsLeftToRight()
    {
        using var output = Render(Op(Actions.Flop));
        using var image = Load(output.Data);
        image.Getpoint(480 - 20, 20)[0].ShouldBeLessThan(40);
        Golden.Matches(output, "flop");
    }

    [Fact]
    public void BlurSoftensEdges()
    {
        using var output = Render(Op(Actions.Blur) with { Sigma = 4 });
        using var image = Load(output.Data);
        image.Getpoint(130, 22)[0].ShouldBeGreaterThan(40); // the dark bar's edge bleeds
        Golden.Matches(output, "blur-4");
    }

    [Fact]
    public void SharpenKeepsTheSizeAndChangesOnlyDetail()
    {
        using var output = Render(Op(Actions.Sharpen) with { Sigma = 1.5 });
        (output.Width, output.Height).ShouldBe((480, 320));
        Golden.Matches(output, "sharpen-1.5");
    }

    [Fact]
    public void GrayscaleWritesOneBand()
    {
        using var output = Render(Op(Actions.Grayscale));
        using var image = Load(output.Data);
        image.Bands.ShouldBe(1);
        Golden.Matches(output, "grayscale");
    }

    [Fact]
    public void FlattenRemovesAlphaOntoTheBackground()
    {
        var spec = Output("png", Op(Actions.Flatten) with { Background = "#0000ff" });
        using var output = RenderOne(Source("scene-alpha.png"), spec);
        using var image = Load(output.Data);
        image.Bands.ShouldBe(3);
        image.Getpoint(0, 0).ShouldBe([0, 0, 255], tolerance: 1);
        Golden.Matches(output, "flatten-blue");
    }

    [Fact]
    public void StepsRunInTheOrderGiven()
    {
        using var cropThenResize = Render(Op(Actions.Crop) with { Left = 0, Top = 0, Width = 240, Height = 160 }, Op(Actions.Resize) with { Width = 120 });
        using var resizeThenCrop = Render(Op(Actions.Resize) with { Width = 120 }, Op(Actions.Crop) with { Left = 0, Top = 0, Width = 240, Height = 160 });
        (cropThenResize.Width, cropThenResize.Height).ShouldBe((120, 80));
        (resizeThenCrop.Width, resizeThenCrop.Height).ShouldBe((120, 80));
        using var a = Load(cropThenResize.Data);
        using var b = Load(resizeThenCrop.Data);
        Golden.MeanAbsoluteDifference(a, b).ShouldBeGreaterThan(10);
    }
}
