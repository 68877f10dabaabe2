using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Minio;
using Minio.DataModel.Args;
using PixelFlow.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Storage;

/// <summary>The presigned URLs the API hands out; no server needed.</summary>
public sealed class PresignedUrlTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);

    [Fact]
    public void TheHeaderBindingPresignerReproducesAwsPublishedExample()
    {
        // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference.
        var presigner = new HeaderBindingPresigner("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");

        var url = presigner.Presign(HttpMethod.Get, new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            new Dictionary<string, string>(), new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1));

        url.ShouldEndWith("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    [Fact]
    public async Task TheHeaderBindingPresignerSignsExactlyAsTheMinioSdkWhenNoHeaderIsBound()
    {
        using var minio = (MinioClient)Client();
        var presigner = new HeaderBindingPresigner(Connection.AccessKey, Connection.SecretKey, "us-east-1");

        var fromSdk = await minio.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket("pixelflow")
            .WithObject("projects/p1/sources/a b+c.jpg").WithExpiry(3600).WithRequestDate(SignedAt.UtcDateTime));
        var ours = presigner.Presign(HttpMethod.Get, new Uri("http://127.0.0.1:9000/pixelflow/projects/p1/sources/a%20b%2Bc.jpg"),
            new Dictionary<string, string>(), SignedAt, TimeSpan.FromHours(1));

        Signature(ours).ShouldBe(Signature(fromSdk));
    }

    [Fact]
    public void APresignedPutBindsTheContentTypeTheClientIsToldToSend()
    {
        var storage = Storage(Client());

        var jpeg = storage.PresignPut("projects/p1/sources/s1", "image/jpeg");
        var png = storage.PresignPut("projects/p1/sources/s1", "image/png");

        jpeg.Url.ShouldContain("X-Amz-SignedHeaders=content-type%3Bhost");
        Signature(jpeg.Url).ShouldNotBe(Signature(png.Url));
        jpeg.ExpiresAt.ShouldBe(SignedAt.AddHours(1));
    }

    [Fact]
    public void APresignedGetComesFromTheSdkWithoutARequest()
    {
        // The transport fails every request: presigning must not need one.
        var storage = Storage(Client(new FakeStorageTransport((_, _) => throw new InvalidOperationException("no request expected"))));

        var download = storage.PresignGet("projects/p1/outputs/thumb.webp");

        download.Url.ShouldStartWith("http://127.0.0.1:9000/pixelflow/projects/p1/outputs/thumb.webp?");
        download.Url.ShouldContain("X-Amz-SignedHeaders=host");
        download.ExpiresAt.ShouldBe(SignedAt.AddHours(1));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/pixelflow/projects/p1/k?")]
    [InlineData("https://storage.example.com", "https://storage.example.com/pixelflow/projects/p1/k?")]
    [InlineData("https://storage.example.com:8443", "https://storage.example.com:8443/pixelflow/projects/p1/k?")]
    public void PresignedUrlsKeepTheEndpointsSchemeAndPort(string endpoint, string expectedStart)
    {
        var connection = StorageConnection.Parse($"Endpoint={endpoint};AccessKey=AK;SecretKey=SECRET");
        var settings = new StorageOptions();
        var storage = new ObjectStorage(new MinioClient().ConfigureFor(connection, settings).Build(), Options.Create(settings), connection,
            new FakeTimeProvider(SignedAt));

        storage.PresignGet("projects/p1/k").Url.ShouldStartWith(expectedStart);
        storage.PresignPut("projects/p1/k", "image/png").Url.ShouldStartWith(expectedStart);
    }

    internal static readonly StorageConnection Connection = StorageConnection.Parse("Endpoint=http://127.0.0.1:9000;AccessKey=AK;SecretKey=SECRET");

    internal static IMinioClient Client(HttpMessageHandler? transport = null, StorageOptions? settings = null) =>
        new MinioClient().ConfigureFor(Connection, settings ?? new StorageOptions(), transport).Build();

    internal static ObjectStorage Storage(IMinioClient client, StorageOptions? settings = null) =>
        new(client, Options.Create(settings ?? new StorageOptions()), Connection, new FakeTimeProvider(SignedAt));

    private static string Signature(string url) => url[(url.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + 16)..];
}
