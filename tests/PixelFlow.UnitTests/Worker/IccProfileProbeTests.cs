using System.Buffers.Binary;
using System.Text;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Decoding;
using Shouldly;

namespace PixelFlow.Tests.Worker;

/// <summary>The ICC description reader on crafted profile bytes: a hostile tag table is a corrupt source, not a crash.</summary>
public sealed class IccProfileProbeTests
{
    [Fact]
    public void AV2DescriptionIsRead()
    {
        var text = Encoding.ASCII.GetBytes("Crafted RGB\0");
        var tag = new byte[12 + text.Length];
        "desc"u8.CopyTo(tag);
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(8), text.Length);
        text.CopyTo(tag, 12);

        IccProfileProbe.Parse(Profile("desc", offset: 144, size: tag.Length, tag)).ShouldBe("Crafted RGB");
    }

    [Fact]
    public void ATagWhoseOffsetPlusSizePassesTwoGigabytesIsACorruptSource()
    {
        // offset + size wraps to a negative int: in int arithmetic it passed the bounds check and Slice threw.
        var profile = Profile("desc", offset: int.MaxValue - 8, size: 64, tag: new byte[64]);

        Should.Throw<ImageProcessingException>(() => IccProfileProbe.Parse(profile)).Code.ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void AMultiLocalizedStringReachingPastTwoGigabytesIsACorruptSource()
    {
        var tag = new byte[40];
        "mluc"u8.CopyTo(tag);
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(20), 64);
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(24), int.MaxValue - 16);

        Should.Throw<ImageProcessingException>(() => IccProfileProbe.Parse(Profile("desc", offset: 144, size: tag.Length, tag)))
            .Code.ShouldBe(JobErrorCodes.SourceCorrupt);
    }

    [Fact]
    public void ATagOutsideTheProfileHasNoDescription() =>
        IccProfileProbe.Parse(Profile("desc", offset: 4096, size: 64, tag: new byte[16])).ShouldBeNull();

    /// <summary>A 128-byte header, a one-entry tag table, then <paramref name="tag"/> at byte 144.</summary>
    private static byte[] Profile(string signature, int offset, int size, byte[] tag)
    {
        var profile = new byte[144 + tag.Length];
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(128), 1);
        Encoding.ASCII.GetBytes(signature).CopyTo(profile, 132);
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(136), offset);
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(140), size);
        tag.CopyTo(profile, 144);
        return profile;
    }
}
