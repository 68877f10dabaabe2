using Minio;

namespace PixelFlow.Infrastructure;

/// <summary>How PixelFlow sets up the Minio client, in one place for the service registration and the tests.</summary>
internal static class StorageClient
{
    /// <param name="transport">What sends the requests; tests give a fake one.</param>
    public static IMinioClient ConfigureFor(this IMinioClient client, StorageConnection connection, StorageOptions settings,
        HttpMessageHandler? transport = null) =>
        client
            // The Uri form: a default port (https://host) stays out of the URLs the SDK signs.
            .WithEndpoint(connection.Endpoint)
            .WithSSL(connection.Endpoint.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(connection.AccessKey, connection.SecretKey)
            // A configured region spares a bucket-location request before the first call on each bucket.
            .WithRegion(settings.Region)
            .WithHttpClient(CreateHttpClient(settings.RequestTimeout, transport), disposeHttpClient: true);

    /// <summary>
    /// The one <see cref="HttpClient"/> all storage traffic goes through: the SDK's calls and the transfers
    /// <see cref="ObjectStorage"/> sends itself on presigned URLs.
    /// </summary>
    private static HttpClient CreateHttpClient(TimeSpan requestTimeout, HttpMessageHandler? transport) =>
        new(new StorageFaultHandler(requestTimeout)
        {
            InnerHandler = new ListingNamespaceHandler
            {
                // Connections are recycled so that a storage host whose address changes (a restarted container) is found.
                InnerHandler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
            },
        });
}
