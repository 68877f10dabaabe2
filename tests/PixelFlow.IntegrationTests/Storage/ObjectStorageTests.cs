using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Storage;

/// <summary><see cref="ObjectStorage"/> against the local S3-protocol server, through the API's own registration.</summary>
public sealed class ObjectStorageTests(ServersFixture servers)
{
    private ObjectStorage Storage => servers.Api.Services.GetRequiredService<ObjectStorage>();

    [Fact]
    public async Task AStreamOfUnknownLengthLongerThanOnePartIsStoredByteForByte()
    {
        var bytes = RandomBytes(2 * ObjectStorage.UploadBufferSize + 12345);
        var key = $"tests/{Guid.NewGuid()}";
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var upload = await Storage.UploadStreamAsync(key, new ForwardOnlyStream(bytes), "application/octet-stream", long.MaxValue,
            _ => true, digest, TestContext.Current.CancellationToken);

        upload.ShouldBe(new StreamedUpload(StreamedUploadOutcome.Stored, bytes.Length));
        digest.GetHashAndReset().ShouldBe(SHA256.HashData(bytes));
        var stored = await Storage.GetAsync(key, long.MaxValue, TestContext.Current.CancellationToken);
        stored!.Content.ShouldBe(bytes);
    }

    [Fact]
    public async Task AStreamOverTheLimitStoresNothing()
    {
        var key = $"tests/{Guid.NewGuid()}";

        var upload = await Storage.UploadStreamAsync(key, new ForwardOnlyStream(RandomBytes(3 * ObjectStorage.UploadBufferSize)),
            "application/octet-stream", maxBytes: 2 * ObjectStorage.UploadBufferSize, _ => true, null, TestContext.Current.CancellationToken);

        upload.Outcome.ShouldBe(StreamedUploadOutcome.TooLarge);
        (await Storage.GetSizeAsync(key, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task AGetOverTheLimitReturnsOnlyTheLength()
    {
        var key = $"tests/{Guid.NewGuid()}";
        await Storage.PutAsync(key, new MemoryStream(RandomBytes(1000)), "image/png", TestContext.Current.CancellationToken);

        var stored = await Storage.GetAsync(key, maxBytes: 999, TestContext.Current.CancellationToken);

        stored.ShouldBe(new StoredObject(null, 1000));
        (await Storage.GetSizeAsync(key, TestContext.Current.CancellationToken)).ShouldBe(1000);
    }

    [Fact]
    public async Task AnObjectPutThroughAPresignedUrlWithTheToldContentTypeIsStored()
    {
        var key = $"tests/{Guid.NewGuid()}";
        var upload = Storage.PresignPut(key, "image/jpeg");
        using var request = new HttpRequestMessage(HttpMethod.Put, upload.Url) { Content = new ByteArrayContent(TestImages.Photo) };
        request.Content.Headers.ContentType = new("image/jpeg");

        using var response = await servers.Storage.SendAsync(request, TestContext.Current.CancellationToken);

        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        (await servers.Storage.GetByteArrayAsync(Storage.PresignGet(key).Url, TestContext.Current.CancellationToken)).ShouldBe(TestImages.Photo);
    }

    [Fact]
    public async Task AListingReturnsTheObjectsUnderItsPrefixUpToItsMaximum()
    {
        var prefix = $"tests/{Guid.NewGuid()}/";
        foreach (var name in (string[])["a", "b", "c"])
        {
            await Storage.PutAsync(prefix + name, new MemoryStream(RandomBytes(10)), "image/png", TestContext.Current.CancellationToken);
        }

        await Storage.PutAsync($"tests/{Guid.NewGuid()}/elsewhere", new MemoryStream(RandomBytes(10)), "image/png",
            TestContext.Current.CancellationToken);

        var all = await Storage.ListAsync(prefix, 10, TestContext.Current.CancellationToken);
        var two = await Storage.ListAsync(prefix, 2, TestContext.Current.CancellationToken);

        all.Select(item => item.Key).ShouldBe([prefix + "a", prefix + "b", prefix + "c"]);
        all.ShouldAllBe(item => item.Size == 10 && item.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
        two.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ADeletedObjectIsGone()
    {
        var key = $"tests/{Guid.NewGuid()}";
        await Storage.PutAsync(key, new MemoryStream(RandomBytes(10)), "image/png", TestContext.Current.CancellationToken);

        await Storage.DeleteAsync(key, TestContext.Current.CancellationToken);

        (await Storage.GetAsync(key, 100, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A request body as ASP.NET Core hands it over: no length, no seeking.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
