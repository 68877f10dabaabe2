using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace PixelFlow.Infrastructure;

/// <summary>
/// The few storage calls PixelFlow makes, in one place so that every write carries the settings S3-compatible
/// servers need (no aws-chunked bodies: some servers store the framing inside the object).
/// </summary>
public sealed class ObjectStorage(IAmazonS3 s3, IOptions<StorageOptions> options, StorageConnection connection, TimeProvider clock)
{
    private readonly StorageOptions _options = options.Value;

    public string Bucket => _options.Bucket;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            InputStream = content,
            ContentType = contentType,
            AutoCloseStream = false,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    /// <summary>Reads a whole object into memory, refusing anything larger than <paramref name="maxBytes"/>.</summary>
    /// <returns>null when the object does not exist.</returns>
    public async Task<StoredObject?> GetAsync(string key, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(_options.Bucket, key, cancellationToken);
            var length = response.ContentLength;
            if (length > maxBytes)
            {
                return new StoredObject(null, length);
            }

            var buffer = new byte[length];
            await response.ResponseStream.ReadExactlyAsync(buffer, cancellationToken);
            return new StoredObject(buffer, length);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Size of an object, or null when it does not exist.</summary>
    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Part size of streamed uploads: S3's minimum, so an upload holds at most one part in memory.</summary>
    public const int StreamingPartSize = 5 * 1024 * 1024;

    /// <summary>
    /// Streams <paramref name="content"/> into an object without holding it whole: one part buffer at a time,
    /// a plain PUT when everything fits in the first part, a multipart upload otherwise. Stops (and stores
    /// nothing) once more than <paramref name="maxBytes"/> arrive, or when <paramref name="acceptHead"/> rejects
    /// the first bytes (format sniffing). Every byte passes through <paramref name="digest"/> when given.
    /// </summary>
    public async Task<StreamedUpload> UploadStreamAsync(string key, Stream content, string contentType, long maxBytes,
        Func<ReadOnlyMemory<byte>, bool> acceptHead, System.Security.Cryptography.IncrementalHash? digest,
        CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(StreamingPartSize);
        string? uploadId = null;
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            var headChecked = false;
            while (true)
            {
                var filled = await FillAsync(content, buffer, StreamingPartSize, cancellationToken);
                total += filled;
                if (total > maxBytes)
                {
                    return await AbortAsync(StreamedUploadOutcome.TooLarge);
                }

                if (!headChecked)
                {
                    headChecked = true;
                    if (!acceptHead(buffer.AsMemory(0, filled)))
                    {
                        return await AbortAsync(StreamedUploadOutcome.Rejected);
                    }
                }

                digest?.AppendData(buffer, 0, filled);
                var last = filled < StreamingPartSize;
                if (last && uploadId is null)
                {
                    await PutAsync(key, new MemoryStream(buffer, 0, filled, writable: false), contentType, cancellationToken);
                    return new StreamedUpload(StreamedUploadOutcome.Stored, total);
                }

                uploadId ??= (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
                {
                    BucketName = _options.Bucket, Key = key, ContentType = contentType,
                }, cancellationToken)).UploadId;
                if (filled > 0 || parts.Count == 0)
                {
                    var part = await s3.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = _options.Bucket,
                        Key = key,
                        UploadId = uploadId,
                        PartNumber = parts.Count + 1,
                        InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                        PartSize = filled,
                        UseChunkEncoding = false,
                    }, cancellationToken);
                    parts.Add(new PartETag(parts.Count + 1, part.ETag));
                }

                if (last)
                {
                    await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                    {
                        BucketName = _options.Bucket, Key = key, UploadId = uploadId, PartETags = parts,
                    }, cancellationToken);
                    uploadId = null;
                    return new StreamedUpload(StreamedUploadOutcome.Stored, total);
                }
            }
        }
        catch
        {
            await AbortAsync(StreamedUploadOutcome.Rejected);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        async Task<StreamedUpload> AbortAsync(StreamedUploadOutcome outcome)
        {
            if (uploadId is not null)
            {
                var abandoned = uploadId;
                uploadId = null;
                await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = _options.Bucket, Key = key, UploadId = abandoned,
                }, CancellationToken.None);
            }

            return new StreamedUpload(outcome, 0);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < size)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, size - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>Keys under a prefix (a project's assets); at most <paramref name="max"/>.</summary>
    public async Task<List<(string Key, long Size, DateTimeOffset LastModified)>> ListAsync(string prefix, int max, CancellationToken cancellationToken)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix, MaxKeys = max },
            cancellationToken);
        return (response.S3Objects ?? [])
            .Select(item => (item.Key, item.Size ?? 0, new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch)))
            .ToList();
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(_options.Bucket, key, cancellationToken);

    public PresignedRequest PresignPut(string key, string contentType) =>
        Presign(key, HttpVerb.PUT, contentType);

    public PresignedRequest PresignGet(string key) => Presign(key, HttpVerb.GET, contentType: null);

    private PresignedRequest Presign(string key, HttpVerb verb, string? contentType)
    {
        var expiresAt = clock.GetUtcNow().Add(_options.PresignedUrlLifetime);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = verb,
            Expires = expiresAt.UtcDateTime,
            // The SDK signs https URLs even for an http ServiceURL unless told otherwise.
            Protocol = connection.Endpoint.Scheme == "https" ? Protocol.HTTPS : Protocol.HTTP,
        };
        if (contentType is not null)
        {
            request.ContentType = contentType;
        }

        return new PresignedRequest(s3.GetPreSignedURL(request), expiresAt);
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another instance (or an earlier run) created it.
        }
    }

    public async Task CheckReachableAsync(CancellationToken cancellationToken) =>
        await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = _options.Bucket }, cancellationToken);
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
