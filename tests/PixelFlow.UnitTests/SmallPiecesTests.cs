using PixelFlow.Api.Auth;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Outbox;
using PixelFlow.Contracts.V1;
using PixelFlow.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests;

public sealed class ApiKeyTests
{
    [Fact]
    public void AKeyMatchesOnlyItselfAndShowsItsPrefix()
    {
        var (key, stored) = ApiKeys.Create(Guid.NewGuid(), DateTimeOffset.UtcNow);

        ApiKeys.PrefixOf(key).ShouldBe(stored.Prefix);
        stored.Prefix.ShouldStartWith("pf_");
        ApiKeys.Matches(stored.SecretHash, key).ShouldBeTrue();
        ApiKeys.Matches(stored.SecretHash, key[..^1] + (key[^1] == 'A' ? 'B' : 'A')).ShouldBeFalse();
        stored.SecretHash.ShouldNotBe(System.Text.Encoding.UTF8.GetBytes(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pf_short_x")]
    [InlineData("sk_abcdefgh_secret")]
    public void StrangersHaveNoPrefix(string presented) => ApiKeys.PrefixOf(presented).ShouldBeNull();
}

public sealed class ImageSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "png")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "webp")]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00 }, "tiff")]
    [InlineData(new byte[] { 0, 0, 0, 0x1C, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66 }, "avif")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63 }, "heif")]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 }, null)]
    [InlineData(new byte[0], null)]
    public void FormatsAreRecognisedFromTheirBytes(byte[] head, string? format) => ImageSniffer.Sniff(head).ShouldBe(format);
}

public sealed class JobCursorTests
{
    [Fact]
    public void ACursorRoundTrips()
    {
        var cursor = new JobCursor(new DateTimeOffset(2026, 11, 21, 5, 0, 0, 123, TimeSpan.Zero), Guid.CreateVersion7());

        JobCursor.TryDecode(cursor.Encode()).ShouldBe(cursor);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("MTIzOm5vdC1hLWd1aWQ")]
    public void ForeignTextIsNotACursor(string text) => JobCursor.TryDecode(text).ShouldBeNull();
}

public sealed class NamingAndParsingTests
{
    [Theory]
    [InlineData("ProjectId", "project_id")]
    [InlineData("MaxSourcePixels", "max_source_pixels")]
    [InlineData("ApiKeys", "api_keys")]
    [InlineData("PK_Jobs", "pk_jobs")]
    public void NamesBecomeSnakeCase(string name, string expected) => PixelFlowDbContext.ToSnakeCase(name).ShouldBe(expected);

    [Theory]
    [InlineData("#fff", 255, 255, 255, 255)]
    [InlineData("#10203040", 16, 32, 48, 64)]
    [InlineData("transparent", 0, 0, 0, 0)]
    [InlineData("White", 255, 255, 255, 255)]
    [InlineData("#ABCDEF", 171, 205, 239, 255)]
    public void ColoursParse(string text, int r, int g, int b, int a)
    {
        Colors.TryParse(text, out var colour).ShouldBeTrue();
        colour.ShouldBe(new Rgba((byte)r, (byte)g, (byte)b, (byte)a));
    }

    [Theory]
    [InlineData("#ggg")]
    [InlineData("#12345")]
    [InlineData("")]
    [InlineData("chartreuse")]
    [InlineData("fff")]
    [InlineData("ffffff")]
    [InlineData(" #fff")]
    [InlineData("#fff ")]
    [InlineData("#+ff")]
    [InlineData("rgb(0,0,0)")]
    public void NonColoursDoNotParse(string text) => Colors.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("Endpoint=http://h:9000;AccessKey=a;SecretKey=b", "http://h:9000/")]
    [InlineData("endpoint=https://s3.example;accesskey=a;secretkey=b", "https://s3.example/")]
    public void StorageConnectionStringsParse(string text, string endpoint) =>
        StorageConnection.Parse(text).Endpoint.ToString().ShouldBe(endpoint);

    [Theory]
    [InlineData(null)]
    [InlineData("Endpoint=ftp://h;AccessKey=a;SecretKey=b")]
    [InlineData("Endpoint=http://h")]
    public void BadStorageConnectionStringsSayWhatIsWrong(string? text) =>
        Should.Throw<InvalidOperationException>(() => StorageConnection.Parse(text)).Message.ShouldContain("storage");

    [Fact]
    public void OutboxRetriesBackOffToThirtySeconds()
    {
        Enumerable.Range(1, 8).Select(attempt => OutboxDispatcher.Backoff(attempt).TotalSeconds)
            .ShouldBe([1, 2, 4, 8, 16, 30, 30, 30]);
    }

    [Fact]
    public void EquivalentRequestsHashAlikeAndDifferentOnesDoNot()
    {
        List<OutputSpec> outputs = [new() { Id = "a", Format = "webp", Steps = [new OperationSpec { Action = "resize", Width = 10 }] }];
        List<OutputSpec> other = [new() { Id = "a", Format = "webp", Steps = [new OperationSpec { Action = "resize", Width = 11 }] }];

        RequestHashes.Of("s3_presigned", null, outputs).ShouldBe(RequestHashes.Of("s3_presigned", null, [.. outputs]));
        RequestHashes.Of("s3_presigned", null, outputs).ShouldNotBe(RequestHashes.Of("s3_presigned", null, other));
        RequestHashes.Of("multipart", null, outputs, "aa").ShouldNotBe(RequestHashes.Of("multipart", null, outputs, "bb"));
    }
}
