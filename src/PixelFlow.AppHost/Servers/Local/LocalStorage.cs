using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PixelFlow.AppHost.Servers.Local;

/// <summary>
/// npm's s3rver, an S3-protocol server (MinIO has no package here), keeping objects in its data folder. It accepts
/// the fixed credentials below and does not verify signatures; MinIO in containers mode does.
/// </summary>
internal sealed class LocalStorageResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory, "http")
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={Endpoint.Property(EndpointProperty.Url)};AccessKey=S3RVER;SecretKey=S3RVER");
}

internal static class LocalStorage
{
    public static IResourceBuilder<LocalStorageResource> Add(IDistributedApplicationBuilder builder, LocalServerOptions options)
    {
        var node = LocalServerOptions.RequireFile("Node.js", "/usr/bin/node", "/usr/local/bin/node");
        var s3rver = LocalServerOptions.RequireFile("s3rver", Path.Combine(options.ToolsDirectory, "node_modules", "s3rver", "bin", "s3rver.js"));
        var data = options.For("storage");
        var storage = builder.AddLocalServer(new LocalStorageResource(PixelFlowServers.StorageName, node, data), "Storage");
        // s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 offers only through its
        // legacy provider: without it every truncated listing (max-keys) answers 500.
        storage.WithArgs(context => context.Args.AddAll("--openssl-legacy-provider", s3rver, "--directory", data,
            "--address", "127.0.0.1", "--silent", "--port", storage.Resource.TargetPort));

        var endpoint = storage.Resource.Endpoint;
        builder.Services.AddHttpClient(nameof(S3HealthCheck));
        return storage.WithLocalHealthCheck((checks, name) => checks.Add(new HealthCheckRegistration(name,
            services => new S3HealthCheck(services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(S3HealthCheck)), endpoint),
            failureStatus: null, tags: null)));
    }

    /// <summary>
    /// An S3 ListBuckets round trip: ready means answering S3, which an open port does not prove.
    /// </summary>
    private sealed class S3HealthCheck(HttpClient client, EndpointReference endpoint) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var response = await client.GetAsync(endpoint.Url, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return response.IsSuccessStatusCode && body.Contains("ListAllMyBucketsResult", StringComparison.Ordinal)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"ListBuckets answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
