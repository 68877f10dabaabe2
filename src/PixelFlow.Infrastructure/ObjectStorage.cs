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
