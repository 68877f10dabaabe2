using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Minio;
using PixelFlow.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Storage;

/// <summary>
/// How storage outages and answers reach the callers of <see cref="ObjectStorage"/>: through the Minio SDK and through
/// the presigned transfers alike. No server: the transport is faked (or a closed port).
/// </summary>
public sealed class StorageFaultTests
{
    public static TheoryData<string, string> EveryCallUnderEveryOutage()
    {
        var data = new TheoryData<string, string>();
        foreach (var outage in Outages.Keys)
        {
            foreach (var call in Calls.Keys)
            {
                data.Add(call, outage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCallUnderEveryOutage))]
    public async Task EveryStorageCallReportsAnOutageAsStorageUnavailable(string call, string outage)
    {
        var storage = Outages[outage]();

        var thrown = await Should.ThrowAsync<StorageUnavailableException>(() => Calls[call](storage, CancellationToken.None));

        thrown.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task AMissingObjectIsAnAnswerNotAnOutage()
    {
        var storage = PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(request.Method == HttpMethod.Head && request.RequestUri!.AbsolutePath.Trim('/') == "pixelflow"
                ? HttpStatusCode.OK
                : HttpStatusCode.NotFound) { RequestMessage = request }))));

        (await storage.GetAsync("projects/p1/sources/missing", 1024, CancellationToken.None)).ShouldBeNull();
        (await storage.GetSizeAsync("projects/p1/sources/missing", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task CancellingACallIsACancellationNotAnOutage()
    {
        var storage = PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new UnreachableException();
        })));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => storage.GetSizeAsync("projects/p1/sources/s1", cancel.Token));
    }

    [Fact]
    public async Task AnObjectOverTheLimitIsReportedWithoutReadingIt()
    {
        var storage = PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StreamContent(new UnreadableStream()) { Headers = { ContentLength = 5000 } },
            }))));

        var stored = await storage.GetAsync("projects/p1/assets/big.png", maxBytes: 4999, CancellationToken.None);

        stored.ShouldBe(new StoredObject(null, 5000));
    }

    [Fact]
    public async Task AnObjectWhoseBodyStallsIsAnOutage()
    {
        var settings = new StorageOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        var storage = PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StreamContent(new StallingStream()) { Headers = { ContentLength = 10 } },
            })), settings), settings);

        await Should.ThrowAsync<StorageUnavailableException>(() => storage.GetAsync("projects/p1/sources/s1", 100, CancellationToken.None));
    }

    [Fact]
    public async Task AListingInS3rversNamespaceIsReadAsS3s()
    {
        var listing = ListingXml("http://doc.s3.amazonaws.com/2006-03-01/");
        var storage = PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(listing, Encoding.UTF8, "application/xml"),
            }))));

        var listed = await storage.ListAsync("projects/p1/assets/", 10, CancellationToken.None);

        listed.ShouldHaveSingleItem().ShouldBe(("projects/p1/assets/logo.png", 1234L, new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task TheNamespaceFixLeavesS3ListingsAndObjectBodiesAlone()
    {
        var standard = ListingXml("http://s3.amazonaws.com/doc/2006-03-01/");
        var objectBody = ListingXml("http://doc.s3.amazonaws.com/2006-03-01/");
        using var client = new HttpClient(new ListingNamespaceHandler
        {
            InnerHandler = new FakeStorageTransport((request, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(request.RequestUri!.AbsolutePath == "/pixelflow" ? standard : objectBody, Encoding.UTF8,
                    "application/xml"),
            })),
        });

        (await client.GetStringAsync("http://storage/pixelflow?list-type=2")).ShouldBe(standard);
        (await client.GetStringAsync("http://storage/pixelflow/projects/p1/assets/data.xml")).ShouldBe(objectBody);
    }

    private static readonly Dictionary<string, Func<ObjectStorage, CancellationToken, Task>> Calls = new()
    {
        ["get"] = (storage, token) => storage.GetAsync("projects/p1/sources/s1", 1024, token),
        ["size"] = (storage, token) => storage.GetSizeAsync("projects/p1/sources/s1", token),
        ["list"] = (storage, token) => storage.ListAsync("projects/p1/assets/", 10, token),
        ["delete"] = (storage, token) => storage.DeleteAsync("projects/p1/assets/logo.png", token),
        ["put"] = (storage, token) => storage.PutAsync("projects/p1/outputs/o.webp", new MemoryStream(new byte[1000]), "image/webp", token),
        ["streamed upload kept in memory"] = (storage, token) => storage.UploadStreamAsync("projects/p1/sources/s1",
            new MemoryStream(new byte[1000]), "application/octet-stream", long.MaxValue, _ => true, null, token),
        ["streamed upload spooled to disk"] = (storage, token) => storage.UploadStreamAsync("projects/p1/sources/s1",
            new MemoryStream(new byte[ObjectStorage.UploadBufferSize * 2]), "application/octet-stream", long.MaxValue, _ => true, null, token),
        ["bucket creation"] = (storage, token) => storage.EnsureBucketAsync(token),
        ["reachability"] = (storage, token) => storage.CheckReachableAsync(token),
    };

    private static readonly Dictionary<string, Func<ObjectStorage>> Outages = new()
    {
        ["503 answer"] = () => PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request })))),
        ["500 answer with an S3 error body"] = () => PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport((request, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = new StringContent("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>",
                    Encoding.UTF8, "application/xml"),
            })))),
        ["connection refused"] = () =>
        {
            var settings = new StorageOptions();
            var connection = StorageConnection.Parse($"Endpoint=http://127.0.0.1:{ClosedPort()};AccessKey=AK;SecretKey=SECRET");
            return new ObjectStorage(new MinioClient().ConfigureFor(connection, settings).Build(),
                Microsoft.Extensions.Options.Options.Create(settings), connection, TimeProvider.System);
        },
        ["no answer in time"] = () =>
        {
            var settings = new StorageOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) };
            return PresignedUrlTests.Storage(PresignedUrlTests.Client(new FakeStorageTransport(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new UnreachableException();
            }), settings), settings);
        },
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ListingXml(string xmlNamespace) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="{xmlNamespace}"><Name>pixelflow</Name><Prefix>projects/p1/assets/</Prefix><KeyCount>1</KeyCount>
        <MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>projects/p1/assets/logo.png</Key>
        <LastModified>2026-11-29T10:00:00.000Z</LastModified><ETag>"abc"</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass>
        </Contents></ListBucketResult>
        """;

    /// <summary>A body whose bytes never come.</summary>
    private sealed class StallingStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        }
    }

    /// <summary>A body that fails when read: proves a call did not read it.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("read");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("read");
    }
}

/// <summary>Answers storage requests in memory.</summary>
internal sealed class FakeStorageTransport(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        answer(request, cancellationToken);
}
