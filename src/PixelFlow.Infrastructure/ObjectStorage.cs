using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace PixelFlow.Infrastructure;

/// <summary>
/// The few storage calls PixelFlow makes, through the Minio SDK, in one place. Every call throws
/// <see cref="StorageUnavailableException"/> when the server is out (see <see cref="StorageFaultHandler"/>).
/// </summary>
/// <remarks>
/// Object bytes travel on URLs the SDK presigns, sent through the SDK's own <see cref="HttpClient"/>, instead of the SDK's
/// object calls, for measured reasons. Reads (<see cref="GetAsync"/>): the SDK's GetObject costs three requests (bucket
/// HEAD, object HEAD, GET) where one does, and its StatObject two (<see cref="GetSizeAsync"/>: a bucket HEAD before the
/// object's; s3rver answers a bucket HEAD by walking the whole bucket, 140–180 ms of its CPU on a store of 30,000
/// objects, which made starting a burst of 24 jobs wait 5 s). Writes: the SDK's PutObject copies an object below
/// 5 MiB into fresh arrays (a 4 MB put allocated 11.5 MB) and buffers a larger one in 16 MiB parts allocated afresh for each part (a 40 MiB
/// upload allocated 145 MiB), and it has no public multipart calls to do better; one presigned PUT streamed from the
/// caller's memory or the spool file allocates next to nothing (0.05–0.2 MB for 50 MB). Everything else (list, delete,
/// bucket creation, reachability) is the SDK's own call.
/// </remarks>
public sealed class ObjectStorage
{
    /// <summary>
    /// Bytes held in memory per streamed upload (a pooled buffer): an upload that ends within them is stored from
    /// memory, a longer one is spooled to a temporary file first.
    /// </summary>
    public const int UploadBufferSize = 5 * 1024 * 1024;

    private readonly IMinioClient _minio;
    private readonly StorageOptions _options;
    private readonly StorageConnection _connection;
    private readonly TimeProvider _clock;
    private readonly HeaderBindingPresigner _presigner;

    public ObjectStorage(IMinioClient minio, IOptions<StorageOptions> options, StorageConnection connection, TimeProvider clock)
    {
        _minio = minio;
        _options = options.Value;
        _connection = connection;
        _clock = clock;
        _presigner = new HeaderBindingPresigner(connection.AccessKey, connection.SecretKey, _options.Region);
    }

    public string Bucket => _options.Bucket;

    /// <summary>Stores a whole object; <paramref name="content"/> must know its length (a seekable stream).</summary>
    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutKnownLengthAsync(key, content, content.Length - content.Position, contentType, cancellationToken);

    /// <summary>Reads a whole object into memory, refusing anything larger than <paramref name="maxBytes"/>.</summary>
    /// <returns>null when the object does not exist.</returns>
    public async Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken)
    {
        var url = await PresignGetAsync(key);
        using var response = await _minio.Config.HttpClient.GetAsync(url.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        // S3 always states an object's length; without it the answer is not one from a working server.
        var length = response.Content.Headers.ContentLength
                     ?? throw new StorageUnavailableException($"Storage sent object {key} without a Content-Length.");
        if (length > maxBytes)
        {
            return new StoredObject(null, length);
        }

        var buffer = new byte[length];
        // The storage handler's timeout ends with the answer's headers; a body that stalls is an outage too.
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        readTimeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(readTimeout.Token);
            await body.ReadExactlyAsync(buffer, readTimeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException($"Storage stopped sending object {key}: {e.Message}", e);
        }

        return new StoredObject(buffer, length);
    }

    /// <summary>Size of an object, or null when it does not exist: one HEAD on a URL presigned here.</summary>
    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        var signedAt = _clock.GetUtcNow();
        var url = _presigner.Presign(HttpMethod.Head, ObjectUrl(key), new Dictionary<string, string>(), signedAt,
            _options.PresignedUrlLifetime);
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        using var response = await _minio.Config.HttpClient.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Content.Headers.ContentLength
               ?? throw new StorageUnavailableException($"Storage answered HEAD {key} without a Content-Length.");
    }

    /// <summary>
    /// Streams <paramref name="content"/> into an object without holding it whole in memory: one pooled buffer, then a
    /// temporary file once more than that arrives. Stops (and stores nothing) once more than <paramref name="maxBytes"/>
    /// arrive, or when <paramref name="acceptHead"/> rejects the first bytes (format sniffing). Every byte passes
    /// through <paramref name="digest"/> when given.
    /// </summary>
    public Task<StreamedUpload> UploadStreamAsync(string key, Stream content, string contentType, long maxBytes,
        Func<ReadOnlyMemory<byte>, bool> acceptHead, IncrementalHash? digest, CancellationToken cancellationToken) =>
        UploadStreamAsync(content, maxBytes, head => acceptHead(head) ? new UploadTarget(key, contentType) : null, digest, cancellationToken);

    /// <summary>
    /// As <see cref="UploadStreamAsync(string, Stream, string, long, Func{ReadOnlyMemory{byte}, bool}, IncrementalHash?, CancellationToken)"/>,
    /// for an object whose key and type follow from its first bytes (a file stored under its sniffed format's
    /// extension): <paramref name="targetForHead"/> names them, or returns null to refuse the upload.
    /// </summary>
    public async Task<StreamedUpload> UploadStreamAsync(Stream content, long maxBytes, Func<ReadOnlyMemory<byte>, UploadTarget?> targetForHead,
        IncrementalHash? digest, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(UploadBufferSize);
        try
        {
            var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, UploadBufferSize), UploadBufferSize,
                throwOnEndOfStream: false, cancellationToken);
            if (filled > maxBytes)
            {
                return new StreamedUpload(StreamedUploadOutcome.TooLarge, 0);
            }

            if (targetForHead(buffer.AsMemory(0, filled)) is not var (key, contentType))
            {
                return new StreamedUpload(StreamedUploadOutcome.Rejected, 0);
            }

            digest?.AppendData(buffer, 0, filled);
            if (filled < UploadBufferSize)
            {
                await PutKnownLengthAsync(key, new MemoryStream(buffer, 0, filled, writable: false), filled, contentType, cancellationToken);
                return new StreamedUpload(StreamedUploadOutcome.Stored, filled);
            }

            // S3 refuses a PUT without a length, and the SDK takes a body of unknown length only in 16 MiB part buffers,
            // so the rest goes to disk until its length is known (as ASP.NET Core does with large form files).
            await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
                bufferSize: 0, FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
            long total = 0;
            while (filled > 0)
            {
                total += filled;
                if (total > maxBytes)
                {
                    return new StreamedUpload(StreamedUploadOutcome.TooLarge, 0);
                }

                await spool.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
                filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, UploadBufferSize), UploadBufferSize,
                    throwOnEndOfStream: false, cancellationToken);
                digest?.AppendData(buffer, 0, filled);
            }

            spool.Position = 0;
            await PutKnownLengthAsync(key, spool, total, contentType, cancellationToken);
            return new StreamedUpload(StreamedUploadOutcome.Stored, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Keys under a prefix (a project's assets); at most <paramref name="max"/>.</summary>
    public async Task<List<(string Key, long Size, DateTimeOffset LastModified)>> ListAsync(string prefix, int max, CancellationToken cancellationToken)
    {
        var listed = new List<(string Key, long Size, DateTimeOffset LastModified)>();
        await foreach (var item in ListAllAsync(prefix, cancellationToken))
        {
            if (listed.Count == max)
            {
                break;
            }

            listed.Add(item);
        }

        return listed;
    }

    /// <summary>Every key under a prefix (all of the bucket for ""), page by page as the server sends them.</summary>
    public async IAsyncEnumerable<(string Key, long Size, DateTimeOffset LastModified)> ListAllAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = _minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(true),
            cancellationToken);
        await foreach (var item in items)
        {
            // Read from the text: the SDK's LastModifiedDateTime converts to the machine's local time.
            var modified = DateTimeOffset.TryParse(item.LastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : DateTimeOffset.UnixEpoch;
            yield return (item.Key, (long)item.Size, modified);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        _minio.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key), cancellationToken);

    /// <summary>A URL that stores one object, valid only with <c>Content-Type: <paramref name="contentType"/></c>.</summary>
    public PresignedRequest PresignPut(string key, string contentType)
    {
        var signedAt = _clock.GetUtcNow();
        var url = _presigner.Presign(HttpMethod.Put, ObjectUrl(key), new Dictionary<string, string> { ["Content-Type"] = contentType },
            signedAt, _options.PresignedUrlLifetime);
        return new PresignedRequest(url, signedAt.Add(_options.PresignedUrlLifetime));
    }

    public PresignedRequest PresignGet(string key)
    {
        // The SDK's presign is asynchronous only because it may look up a bucket's region; the region is configured
        // (WithRegion), so it completes without I/O, and the many synchronous callers (job responses) keep their shape.
        var presigning = PresignGetAsync(key);
        return presigning.IsCompleted
            ? presigning.GetAwaiter().GetResult()
            : throw new InvalidOperationException("Presigning a GET needed I/O: the storage client has no region configured.");
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (await BucketExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await _minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(Bucket).WithLocation(_options.Region), cancellationToken);
        }
        catch (MinioException)
        {
            // Another instance may have created it in the meantime; anything else stands.
            if (!await BucketExistsAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    /// <summary>Throws unless the bucket answers.</summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        if (!await BucketExistsAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Bucket {Bucket} does not exist.");
        }
    }

    private Task<bool> BucketExistsAsync(CancellationToken cancellationToken) =>
        _minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket), cancellationToken);

    private async Task<PresignedRequest> PresignGetAsync(string key)
    {
        var signedAt = _clock.GetUtcNow();
        var url = await _minio.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(Bucket)
            .WithObject(key)
            .WithExpiry((int)_options.PresignedUrlLifetime.TotalSeconds)
            .WithRequestDate(signedAt.UtcDateTime));
        return new PresignedRequest(url, signedAt.Add(_options.PresignedUrlLifetime));
    }

    /// <summary>One PUT on a URL the SDK presigns, the body streamed as it is (see the class remarks for why).</summary>
    private async Task PutKnownLengthAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken)
    {
        // The URL never leaves the process; its lifetime only has to outlast the clock skew S3 servers tolerate.
        var url = await _minio.PresignedPutObjectAsync(new PresignedPutObjectArgs()
            .WithBucket(Bucket)
            .WithObject(key)
            .WithExpiry((int)_options.PresignedUrlLifetime.TotalSeconds));
        using var body = new StreamContent(content);
        body.Headers.ContentLength = length;
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _minio.Config.HttpClient.PutAsync(url, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The object's path-style URL, each key segment escaped as S3 signs it.</summary>
    private Uri ObjectUrl(string key) =>
        new(_connection.Endpoint, $"/{Bucket}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}");
}

/// <summary>An object's bytes, or only its length when it exceeded the caller's limit.</summary>
public sealed record StoredObject(byte[]? Content, long Length);

public sealed record PresignedRequest(string Url, DateTimeOffset ExpiresAt);

public enum StreamedUploadOutcome
{
    Stored,
    TooLarge,

    /// <summary>The first bytes were refused (not an accepted format).</summary>
    Rejected,
}

public sealed record StreamedUpload(StreamedUploadOutcome Outcome, long Bytes);

/// <summary>Where a streamed upload is stored, and the content type it is stored with.</summary>
public sealed record UploadTarget(string Key, string ContentType);
