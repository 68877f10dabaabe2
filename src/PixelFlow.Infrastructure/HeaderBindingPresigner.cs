using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PixelFlow.Infrastructure;

/// <summary>
/// Presigned URLs that also sign request headers (AWS Signature Version 4, query-string authentication), so that a
/// presigned PUT only stores an object sent with the Content-Type the client was told to send.
/// </summary>
/// <remarks>
/// Hand-written because Minio 7.0.0 cannot do it through its public API: its presigned PUT always signs <c>host</c>
/// alone (<c>X-Amz-SignedHeaders=host</c>), its signer (<c>V4Authenticator</c>) is internal, and a Content-Type given to
/// <c>PresignedPutObjectArgs.WithHeaders</c> is replaced by the args' type name and sent as a query parameter. It also
/// signs the size check's HEAD (see <c>ObjectStorage.GetSizeAsync</c>); every other storage call, presigned GETs
/// included, goes through the SDK. The tests pin this signer to AWS's published
/// example and to the SDK's own presigned URLs.
/// </remarks>
internal sealed class HeaderBindingPresigner(string accessKey, string secretKey, string region)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <param name="objectUrl">The object's URL (path-style or virtual-hosted), without a query.</param>
    /// <param name="signedHeaders">Headers the request must carry with exactly these values; <c>host</c> is always signed.</param>
    public string Presign(HttpMethod method, Uri objectUrl, IReadOnlyDictionary<string, string> signedHeaders,
        DateTimeOffset signedAt, TimeSpan lifetime)
    {
        var date = signedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var timestamp = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/s3/aws4_request";
        var headers = signedHeaders
            .Select(header => (Name: header.Key.ToLowerInvariant(), Value: header.Value.Trim()))
            .Append((Name: "host", Value: objectUrl.IsDefaultPort ? objectUrl.Host : $"{objectUrl.Host}:{objectUrl.Port}"))
            .OrderBy(header => header.Name, StringComparer.Ordinal)
            .ToList();
        var headerNames = string.Join(';', headers.Select(header => header.Name));
        var query = string.Join('&', new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Amz-Algorithm"] = Algorithm,
            ["X-Amz-Credential"] = $"{accessKey}/{scope}",
            ["X-Amz-Date"] = timestamp,
            ["X-Amz-Expires"] = ((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-Amz-SignedHeaders"] = headerNames,
        }.Select(parameter => $"{Uri.EscapeDataString(parameter.Key)}={Uri.EscapeDataString(parameter.Value)}"));
        var canonicalRequest = string.Join('\n',
            method.Method,
            objectUrl.AbsolutePath,
            query,
            string.Concat(headers.Select(header => $"{header.Name}:{header.Value}\n")),
            headerNames,
            "UNSIGNED-PAYLOAD");
        var stringToSign = string.Join('\n', Algorithm, timestamp, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in (string[])[date, region, "s3", "aws4_request"])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return new UriBuilder(objectUrl) { Query = $"{query}&X-Amz-Signature={signature}" }.Uri.AbsoluteUri;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
