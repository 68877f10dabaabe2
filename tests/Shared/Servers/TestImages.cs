using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>Test sources, and decoding of outputs through the same libvips the worker uses.</summary>
public static class TestImages
{
    private static readonly Lazy<ImageProcessor> Processor = new(() => new ImageProcessor(new ImagingOptions()));

    /// <summary>A 1200×800 JPEG.</summary>
    public static byte[] Photo => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "photo.jpg"));

    /// <summary>Decodes an image and reports its format and displayed size.</summary>
    public static SourceReport Inspect(byte[] image)
    {
        using var decoded = Processor.Value.Open(image, [new OutputSpec { Id = "inspect" }], ProcessingLimits.Default);
        return decoded.Report;
    }
}
