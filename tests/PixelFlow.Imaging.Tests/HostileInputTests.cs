using System.IO.Compression;
using System.Text;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>Bad and hostile sources are refused with a stable code, from the header, before any decode.</summary>
public sealed class HostileInputTests
{
    /// <summary>
    /// The code the job fails with: refused at <see cref="ImageProcessor.Open"/> when the header tells, else while
    /// rendering (a one-output job streams its decode into the encoder, so a corrupt body surfaces there).
    /// </summary>
    private static string CodeFor(byte[] source, ProcessingLimits? limits = null, OutputSpec? output = null) =>
        Should.Throw<ImageProcessingException>(() =>
        {
            output ??= Output("png");
            using var decoded = Processor.Open(source, [output], limits ?? ProcessingLimits.Default);
            using var rendered = decoded.Render(output, NoAssets);
        }).Code;

    /// <summary>
    /// A truncated JPEG in a one-output job fails while streaming, and the failure is classified by decoding again;
    /// other sources decoding (or failing) on other threads at the same time must not change the verdict.
    /// </summary>
    [Fact]
    public async Task ATruncatedJpegIsSourceCorruptWhileOtherSourcesRenderAtTheSameTime()
    {
        var photo = Source("scene.jpg");
        var truncated = photo[..(photo.Length / 2)];
        var thumb = Output("webp", new OperationSpec { Action = Actions.Resize, Width = 150 });
        string? Run(byte[] bytes)
        {
            try
            {
                using var decoded = Processor.Open(bytes, [thumb], ProcessingLimits.Default);
                using var rendered = decoded.Render(thumb, NoAssets);
                return null;
            }
            catch (ImageProcessingException e)
            {
                return e.Code;
            }
        }

        var codes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (Truncated: i % 3 == 1, Code: Run(i % 3 == 1 ? truncated : photo)))));

        codes.Where(c => c.Truncated).Select(c => c.Code).Distinct().ShouldBe([JobErrorCodes.SourceCorrupt]);
        codes.Where(c => !c.Truncated).Select(c => c.Code).ShouldAllBe(code => code == null);
    }

    [Fact]
    public void ZeroBytesIsSourceEmpty() => CodeFor([]).ShouldBe(JobErrorCodes.SourceEmpty);

    [Fact]
    public void MoreBytesThanTheLimitIsSourceTooLarge() =>
        CodeFor(Source("scene.jpg"), ProcessingLimits.Default with { MaxBytes = 1000 }).ShouldBe(JobErrorCodes.SourceTooLarge);

    [Fact]
    public void PlainTextIsUnsupportedFormat() =>
        CodeFor(Encoding.UTF8.GetBytes("hello, this is not an image\n")).ShouldBe(JobErrorCodes.UnsupportedFormat);

    [Fact]
    public void SvgIsRefusedEvenWithAnExternalReference()
    {
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><image xlink:href="http://169.254.169.254/latest/meta-data" width="100" height="100"/></svg>""";
        CodeFor(Encoding.UTF8.GetBytes(svg)).ShouldBe(JobErrorCodes.UnsupportedFormat);
    }

    /// <summary>
    /// 185 bytes of a gzip-compressed SVG cut short, as a user sent through the presigned path (it made libvips 8.14's
    /// loader detection spin on their machine; synthetic ones did not here). Whatever the library does with such bytes,
    /// they never reach it: the refusal comes from the byte sniffer, before libvips' loader detection, whose own
    /// verdict would name the SVG loader.
    /// </summary>
    [Fact]
    public async Task ATruncatedSvgzIsRefusedFromItsBytesBeforeLibvipsLooksAtIt()
    {
        // libvips' own test file (test/test-suite/images/truncated.svgz): 8.14's loader detection spins on it forever.
        var svgz = Source("truncated.svgz");
        svgz.Length.ShouldBe(185);

        var refusal = await Task.Run(() => Should.Throw<ImageProcessingException>(() =>
        {
            using var decoded = Processor.Open(svgz, [Output("png")], ProcessingLimits.Default);
        })).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        refusal.Code.ShouldBe(JobErrorCodes.UnsupportedFormat);
        refusal.Message.ShouldNotContain("svg");
    }

    [Fact]
    public void PdfIsRefused() =>
        CodeFor(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")).ShouldBe(JobErrorCodes.UnsupportedFormat);

    [Fact]
    public void TruncatedJpegIsSourceCorrupt()
    {
        var jpeg = Source("scene.jpg");
        CodeFor(jpeg[..(jpeg.Length / 2)]).ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void TruncatedJpegShrunkOnLoadIsSourceCorrupt()
    {
        var jpeg = Source("scene.jpg");
        CodeFor(jpeg[..(jpeg.Length / 2)], output: Output("webp", new OperationSpec { Action = Actions.Resize, Width = 100 }))
            .ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void TruncatedJpegInAMultiOutputJobIsSourceCorruptAtOpen()
    {
        var jpeg = Source("scene.jpg");
        OutputSpec[] outputs = [Output("png"), Output("webp") with { Id = "second" }];
        Should.Throw<ImageProcessingException>(() => Processor.Open(jpeg[..(jpeg.Length / 2)], outputs, ProcessingLimits.Default))
            .Code.ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void JpegWithAGarbledBodyIsSourceCorrupt()
    {
        var jpeg = Source("scene.jpg");
        var header = jpeg[..20];
        CodeFor([.. header, .. new byte[64]]).ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void HugeOneBitPngIsRefusedFromItsHeaderAsTooManyPixels()
    {
        var png = OneBitPng(40_000, 40_000);
        png.Length.ShouldBeLessThan(1_000_000); // compressed-small: a decompression bomb
        CodeFor(png).ShouldBe(JobErrorCodes.TooManyPixels);
    }

    [Fact]
    public void GifWith400FramesIsTooManyFrames()
    {
        var gif = Synth.Animation("gifsave_buffer", frames: 400, width: 16, height: 16);
        CodeFor(gif).ShouldBe(JobErrorCodes.TooManyFrames);
    }

    [Fact]
    public void PixelLimitCountsEveryFrame()
    {
        var gif = Synth.Animation("gifsave_buffer", frames: 10, width: 64, height: 48);
        CodeFor(gif, ProcessingLimits.Default with { MaxPixels = 64 * 48 * 9 }).ShouldBe(JobErrorCodes.TooManyPixels);
    }

    [Fact]
    public void MissingWatermarkAssetIsAssetMissing()
    {
        var spec = Output("png", new OperationSpec { Action = Actions.Watermark, ImageKey = "logo" });
        using var decoded = Processor.Open(Source("scene.jpg"), [spec], ProcessingLimits.Default);
        Should.Throw<ImageProcessingException>(() => decoded.Render(spec, NoAssets)).Code.ShouldBe(JobErrorCodes.AssetMissing);
    }

    /// <summary>A valid 1-bit greyscale PNG, all zero pixels: tiny compressed, huge decoded.</summary>
    private static byte[] OneBitPng(int width, int height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // greyscale
        Chunk(ms, "IHDR", ihdr);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var row = new byte[1 + (width + 7) / 8];
                for (var y = 0; y < height; y++)
                    z.Write(row);
            }

            Chunk(ms, "IDAT", raw.ToArray());
        }

        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }
}
