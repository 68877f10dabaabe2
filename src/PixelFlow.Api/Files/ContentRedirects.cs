using Microsoft.Net.Http.Headers;

namespace PixelFlow.Api.Files;

/// <summary>
/// The redirects of <c>GET /v1/files/{id}/content</c>: to a presigned URL of the object, cacheable for half the URL's
/// lifetime (privately: the URL is a credential), with the object's ETag so that a client revalidating with
/// If-None-Match gets 304 without a new URL, and as an attachment on request.
/// </summary>
public sealed class ContentRedirects(HttpContext context, TimeSpan urlLifetime, bool asDownload, ObjectStorage storage)
{
    public IResult To(string key, string etag, string downloadName)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = $"private, max-age={(int)(urlLifetime.TotalSeconds / 2)}";
        headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (asDownload)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(downloadName);
            headers.ContentDisposition = disposition.ToString();
        }

        return TypedResults.Redirect(storage.PresignGet(key).Url);
    }
}
