using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using NetVips;
using PixelFlow.Imaging.Native;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>Output formats, auto format, alpha, colour management, EXIF orientation and animation.</summary>
public sealed class FormatTests
{
    private static readonly OperationSpec Resize200 = new() { Action = Actions.Resize, Width = 200 };

    [Theory]
    [InlineData("avif", "heifload")]
    [InlineData("gif", "gifload")]
    [InlineData("tiff", "tiffload")]
    public void EveryOutputFormatEncodesAndDecodesBack(string format, string loader)
    {
        using var output = RenderOne(Source("scene.jpg"), Output(format, Resize200));
        output.Format.ShouldBe(format);
        Sniff(output.Data).ShouldStartWith(loader);
        using var original = RenderOne(Source("scene.jpg"), Output("png", Resize200));
        using var a = Load(output.Data);
        using var b = Load(original.Data);
        Golden.MeanAbsoluteDifference(a, b).ShouldBeLessThan(format == "gif" ? 12 : 6);
    }

    [Theory]
    [InlineData("scene.jpg", "jpeg")]
    [InlineData("scene-alpha.png", "png")]
    public void AutoFormatKeepsTheSourceFormat(string source, string expected)
    {
        using var output = RenderOne(Source(source), Output(OutputFormats.Auto, Resize200));
        output.Format.ShouldBe(expected);
    }

    [Fact]
    public void AutoFormatFromTiffPicksJpegForOpaqueAndPngForAlpha()
    {
        using var opaque = Load(Source("scene.jpg"));
        var tiff = opaque.TiffsaveBuffer();
        using var fromOpaque = RenderOne(tiff, Output(OutputFormats.Auto));
        fromOpaque.Format.ShouldBe("jpeg");

        using var alpha = Load(Source("scene-alpha.png"));
        var alphaTiff = alpha.TiffsaveBuffer();
        using var fromAlpha = RenderOne(alphaTiff, Output(OutputFormats.Auto));
        fromAlpha.Format.ShouldBe("png");
    }

    [Fact]
    public void AlphaToJpegIsFlattenedOnWhite()
    {
        using var output = RenderOne(Source("scene-alpha.png"), Output("jpeg"));
        using var image = Load(output.Data);
        image.Bands.ShouldBe(3);
        image.Getpoint(0, 0).ShouldBe([255, 255, 255], tolerance: 3);
        Golden.Matches(output, "alpha-to-jpeg");
    }

    [Fact]
    public void WebpLosslessReproducesThePixels()
    {
        using var png = RenderOne(Source("scene.jpg"), Output("png", Resize200));
        using var webp = RenderOne(Source("scene.jpg"), Output("webp", Resize200) with { Lossless = true });
        using var a = Load(png.Data);
        using var b = Load(webp.Data);
        Golden.MeanAbsoluteDifference(a, b).ShouldBe(0);
    }

    [Fact]
    public void ProgressiveJpegIsInterlaced()
    {
        using var output = RenderOne(Source("scene.jpg"), Output("jpeg") with { Progressive = true });
        using var image = Load(output.Data);
        image.Contains("interlaced").ShouldBeTrue();
        image.Get("interlaced").ShouldBe(1);
    }

    [Fact]
    public void StripMetadataDropsExifAndTheIccProfileAndKeepingItRetainsThem()
    {
        using var scene = Load(Source("scene.jpg"));
        using var tagged = scene.IccExport(outputProfile: "srgb");
        var withExif = Synth.Jpeg(tagged, orientation: 1, strip: false);
        using var stripped = RenderOne(withExif, Output("jpeg"));
        using var strippedImage = Load(stripped.Data);
        strippedImage.Contains("exif-data").ShouldBeFalse();
        strippedImage.Contains("icc-profile-data").ShouldBeFalse();

        using var kept = RenderOne(withExif, Output("jpeg") with { StripMetadata = false });
        using var keptImage = Load(kept.Data);
        keptImage.Contains("exif-data").ShouldBeTrue();
        keptImage.Contains("icc-profile-data").ShouldBeTrue();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ExifOrientationIsAppliedBeforeAnyStepAndReportedSizesAreTheDisplayedOnes(int orientation)
    {
        using var upright = Load(Source("scene.jpg"));
        // Store the pixels so that a viewer applying `orientation` shows the upright scene.
        using var stored = Unapply(upright, orientation);
        var source = Synth.Jpeg(stored, orientation);

        using var decoded = Processor.Open(source, [Output("png")], ProcessingLimits.Default);
        decoded.Report.Orientation.ShouldBe(orientation);
        (decoded.Report.Width, decoded.Report.Height).ShouldBe((480, 320));
        using var output = decoded.Render(Output("png", new OperationSpec { Action = Actions.Crop, Left = 0, Top = 0, Width = 240, Height = 160 }), NoAssets);
        (output.Width, output.Height).ShouldBe((240, 160));
        using var actual = Load(output.Data);
        using var expected = upright.ExtractArea(0, 0, 240, 160);
        Golden.MeanAbsoluteDifference(actual, expected).ShouldBeLessThan(3);
    }

    // Inverse of the EXIF transform: orientation n displays its pixels after the transform autorot applies.
    private static Image Unapply(Image image, int orientation) => orientation switch
    {
        1 => image.Copy(),
        2 => image.Flip(Enums.Direction.Horizontal),
        3 => image.Rot(Enums.Angle.D180),
        4 => image.Flip(Enums.Direction.Vertical),
        5 => Transposed(image),
        6 => image.Rot(Enums.Angle.D270),
        7 => Transversed(image),
        8 => image.Rot(Enums.Angle.D90),
        _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
    };

    private static Image Transposed(Image image)
    {
        using var r = image.Rot(Enums.Angle.D90);
        return r.Flip(Enums.Direction.Horizontal);
    }

    private static Image Transversed(Image image)
    {
        using var r = image.Rot(Enums.Angle.D270);
        return r.Flip(Enums.Direction.Horizontal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CmykIsConvertedToSrgbWithOrWithoutAnEmbeddedProfile(bool embedded)
    {
        using var scene = Load(Source("scene.jpg"));
        using var cmyk = scene.IccExport(outputProfile: "cmyk");
        using var tagged = cmyk.Copy(interpretation: Enums.Interpretation.Cmyk);
        var source = Synth.Jpeg(tagged, strip: !embedded);

        using var decoded = Processor.Open(source, [Output("png")], ProcessingLimits.Default);
        decoded.Report.Colourspace.ShouldBe("cmyk");
        decoded.Report.ColourHandling!.ShouldContain(embedded ? "embedded" : "built-in");
        using var output = decoded.Render(Output("png"), NoAssets);
        using var image = Load(output.Data);
        image.Bands.ShouldBe(3);
        image.Interpretation.ShouldBe(Enums.Interpretation.Srgb);
        // The CMYK profile must not stay attached to RGB pixels.
        if (image.Contains("icc-profile-data"))
            PixelFlow.Imaging.Decoding.IccProfileProbe.Describe(image).ShouldNotContain("CMYK", Case.Insensitive);
        Golden.MeanAbsoluteDifference(image, scene).ShouldBeLessThan(12);
    }

    [Theory]
    [InlineData("gifsave_buffer", "gif")]
    [InlineData("webpsave_buffer", "webp")]
    public void AnimatedSourcesStayAnimatedThroughResizeAndCrop(string saver, string format)
    {
        var source = Synth.Animation(saver, frames: 6);
        var spec = Output(format,
            new OperationSpec { Action = Actions.Resize, Width = 32 },
            new OperationSpec { Action = Actions.Crop, Width = 24, Height = 20, Gravity = Gravities.NorthWest },
            new OperationSpec { Action = Actions.Flip });
        using var decoded = Processor.Open(source, [spec], ProcessingLimits.Default);
        decoded.Report.Frames.ShouldBe(6);
        using var output = decoded.Render(spec, NoAssets);
        (output.Width, output.Height, output.Frames).ShouldBe((24, 20, 6));
        using var image = Load(output.Data, allFrames: true);
        image.Height.ShouldBe(20 * 6);
        image.PageHeight.ShouldBe(20);
        if (format == "gif")
            Golden.Matches(output, "animated-gif-resize-crop-flip", tolerance: 6);
    }

    [Fact]
    public void AnimatedSourceToAStillFormatUsesTheFirstFrame()
    {
        var source = Synth.Animation("gifsave_buffer", frames: 4);
        using var decoded = Processor.Open(source, [Output("png")], ProcessingLimits.Default);
        using var output = decoded.Render(Output("png"), NoAssets);
        (output.Width, output.Height, output.Frames).ShouldBe((64, 48, 1));
        decoded.Warnings.ShouldContain(w => w.Contains("first frame"));
    }

    [Fact]
    public void AnAnimatedSourceWarnsForEachStillOutputEvenWhenAnotherOutputKeepsTheAnimation()
    {
        var source = Synth.Animation("gifsave_buffer", frames: 4);
        OutputSpec[] outputs = [Output("webp") with { Id = "animated" }, Output("jpeg") with { Id = "still" }];
        using var decoded = Processor.Open(source, outputs, ProcessingLimits.Default);
        foreach (var spec in outputs)
        {
            using var output = decoded.Render(spec, NoAssets);
        }

        decoded.Warnings.ShouldBe(["output 'still': the source has 4 frames; jpeg cannot animate, so only the first frame was used"]);
    }

    [Fact]
    public void HeicDecodesOnTheSystemBuildAndIsRefusedByTheBundledOneWhichHasNoHevcDecoder()
    {
        var heic = Source("scene.heic");
        if (Library == LibvipsBuild.System)
        {
            using var output = RenderOne(heic, Output("png"));
            (output.Width, output.Height).ShouldBe((480, 320));
            using var actual = Load(output.Data);
            using var original = Load(Source("scene.jpg"));
            Golden.MeanAbsoluteDifference(actual, original).ShouldBeLessThan(4);
            return;
        }

        ImageProcessor.Decodes("heif").ShouldBeFalse();
        var refusal = Should.Throw<ImageProcessingException>(() => RenderOne(heic, Output("png")));
        refusal.Code.ShouldBe(JobErrorCodes.UnsupportedFormat);
        refusal.Message.ShouldContain("HEIC worker");
    }

    [Fact]
    public void AnIccProfileWithoutARelativeIntentTableIsReadWithThePerceptualIntent()
    {
        // libvips' sample-xyb.jpg: JPEG XL's XYB profile, perceptual tables only. Read with the relative intent, the
        // woman's skin turns green and her clothes purple.
        using var decoded = Processor.Open(Source("sample-xyb.jpg"), [Output("png")], ProcessingLimits.Default);
        decoded.Report.ColourHandling!.ShouldContain("perceptual");
        using var output = decoded.Render(Output("png"), NoAssets);
        Golden.Matches(output, "icc-xyb-perceptual");
    }
}
