using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Tests.Imaging;

/// <summary>Shared helpers: one engine per process (libvips initialises once), sources, decoding of results.</summary>
internal static class Imaging
{
    private static readonly Lazy<ImageProcessor> Shared = new(() => new ImageProcessor(new ImagingOptions()));

    public static ImageProcessor Processor => Shared.Value;

    public static string DataPath(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "Imaging", .. parts]);

    public static byte[] Source(string name) => File.ReadAllBytes(DataPath("sources", name));

    public static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> NoAssets = new Dictionary<string, ReadOnlyMemory<byte>>();

    public static OutputSpec Output(string format = "png", params OperationSpec[] steps) =>
        new() { Id = "out", Format = format, Steps = steps };

    /// <summary>Opens <paramref name="source"/> for one output and renders it.</summary>
    public static EncodedOutput RenderOne(byte[] source, OutputSpec output, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? assets = null)
    {
        using var decoded = Processor.Open(source, [output], ProcessingLimits.Default);
        return decoded.Render(output, assets ?? NoAssets);
    }

    /// <summary>Decodes encoded bytes with libvips (all frames), for assertions.</summary>
    public static VipsImage Load(ReadOnlyMemory<byte> bytes, bool allFrames = false)
    {
        _ = Processor;
        var loader = Sniff(bytes);
        return allFrames && (loader.StartsWith("gif", StringComparison.Ordinal) || loader.StartsWith("webp", StringComparison.Ordinal))
            ? VipsOperation.Image(loader, ("buffer", bytes), ("n", -1))
            : VipsOperation.Image(loader, ("buffer", bytes));
    }

    public static string Sniff(ReadOnlyMemory<byte> bytes)
    {
        using var image = VipsOperation.Image("thumbnail_buffer", ("buffer", bytes), ("width", 1));
        return image.GetString("vips-loader") ?? "";
    }
}
