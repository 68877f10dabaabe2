using System.Data.Common;

namespace PixelFlow.Infrastructure;

/// <summary>
/// The <c>storage</c> connection string as the AppHost builds it for MinIO:
/// <c>Endpoint=http://host:port;AccessKey=…;SecretKey=…</c>.
/// </summary>
public sealed record StorageConnection(Uri Endpoint, string AccessKey, string SecretKey)
{
    public static StorageConnection Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Connection string 'storage' is missing (ConnectionStrings__storage=Endpoint=http://host:port;AccessKey=…;SecretKey=…).");
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Required(string key) => parts.TryGetValue(key, out var value) && value is string text && text.Length > 0
            ? text
            : throw new InvalidOperationException($"Connection string 'storage' has no {key}.");

        if (!Uri.TryCreate(Required("Endpoint"), UriKind.Absolute, out var endpoint) ||
            endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("Connection string 'storage' has an Endpoint that is not an http(s) URL.");
        }

        return new StorageConnection(endpoint, Required("AccessKey"), Required("SecretKey"));
    }
}
