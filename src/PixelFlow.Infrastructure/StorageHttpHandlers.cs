using System.Text;

namespace PixelFlow.Infrastructure;

/// <summary>
/// Turns every sign of an outage into <see cref="StorageUnavailableException"/>, at the one place all storage traffic
/// passes. Left to itself, Minio 7.0.0 reports outages as a mix that no caller can tell from real answers:
/// <see cref="HttpRequestException"/>, <see cref="TaskCanceledException"/>, <c>InternalClientException</c>, and even
/// <c>AccessDeniedException</c> for a 5xx answer without a body. A 5xx answer is thrown here, before the SDK parses it.
/// </summary>
internal sealed class StorageFaultHandler(TimeSpan requestTimeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException(
                $"Storage did not answer {request.Method} within {requestTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new StorageUnavailableException($"Storage unreachable ({request.Method}): {e.Message}", e);
        }

        if ((int)response.StatusCode >= 500)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new StorageUnavailableException($"Storage answered {(int)status} {status} to {request.Method}.", status);
        }

        return response;
    }
}

/// <summary>
/// Puts bucket listings into S3's XML namespace. npm s3rver (the local storage server) answers ListObjects in
/// <c>http://doc.s3.amazonaws.com/2006-03-01/</c> instead of S3's <c>http://s3.amazonaws.com/doc/2006-03-01/</c>, and
/// Minio 7.0.0 looks for its elements in S3's namespace only, so a listing from s3rver silently came back empty.
/// Harmless against MinIO and S3: only bucket-level GETs (listings, a few KB; never an object's bytes) are read here,
/// and a body in S3's namespace passes unchanged.
/// </summary>
internal sealed class ListingNamespaceHandler : DelegatingHandler
{
    private const string NonStandardNamespace = "xmlns=\"http://doc.s3.amazonaws.com/2006-03-01/\"";
    private const string S3Namespace = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get || !IsBucketLevel(request.RequestUri) || !response.IsSuccessStatusCode ||
            response.Content.Headers.ContentType?.MediaType is not ("application/xml" or "text/xml"))
        {
            return response;
        }

        var mediaType = response.Content.Headers.ContentType.MediaType;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // The body has been read, so it is put back whether or not it needed the fix.
        response.Content = new StringContent(body.Replace(NonStandardNamespace, S3Namespace, StringComparison.Ordinal),
            Encoding.UTF8, mediaType);

        return response;
    }

    /// <summary>Path-style <c>/bucket</c> or <c>/bucket/</c>: a request about the bucket, not one of its objects.</summary>
    private static bool IsBucketLevel(Uri? uri) =>
        uri is not null && uri.AbsolutePath.Trim('/') is { Length: > 0 } bucket && !bucket.Contains('/', StringComparison.Ordinal);
}
