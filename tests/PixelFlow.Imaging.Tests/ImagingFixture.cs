using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Tests.Imaging;

/// <summary>Shared helpers: one engine per process (libvips initialises once), sources, decoding of results.</summary>
internal static class Imaging
{
    /// <summary>
    /// The libvips build these tests run on: the bundled one, or the one named by <c>PIXELFLOW_TEST_LIBVIPS</c>
    /// (<c>system</c>). One build per process, so the system build gets a test run of its own (see README, Tests).
    /// </summary>
    public static LibvipsBuild Library { get; } =
        Enum.TryParse<LibvipsBuild>(Environment.GetEnvironmentVariable("PIXELFLOW_TEST_LIBVIPS"), ignoreCase: true, out var build)
            ? build
            : LibvipsBuild.Bundled;

    private static readonly Lazy<ImageProcessor> Shared = new(() => new ImageProcessor(new ImagingOptions { Library = Library }));

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
    public static Image Load(ReadOnlyMemory<byte> bytes, bool allFrames = false)
    {
        _ = Processor;
        var loader = Sniff(bytes);
        return allFrames && (loader.StartsWith("gif", StringComparison.Ordinal) || loader.StartsWith("webp", StringComparison.Ordinal))
            ? Image.NewFromBuffer(bytes.Span, kwargs: new VOption { { "n", -1 } })
            : Image.NewFromBuffer(bytes.Span);
    }

    /// <summary>The loader libvips picks for <paramref name="bytes"/>, e.g. <c>jpegload_buffer</c>.</summary>
    public static string Sniff(ReadOnlyMemory<byte> bytes)
    {
        _ = Processor;
        using var image = Image.NewFromBuffer(bytes.Span);
        return image.Get("vips-loader") as string ?? "";
    }

    /// <summary>Encodes <paramref name="image"/> with a <c>*save_buffer</c> operation.</summary>
    public static byte[] Save(Image image, string saver, VOption? options = null) =>
        (byte[])Operation.Call(saver, options ?? new VOption(), image);
}
