using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.Exceptions;

namespace PixelFlow.Infrastructure;

public static class HostingExtensions
{
    /// <summary>S3-compatible storage from <c>ConnectionStrings__{connectionName}</c>, with a health check.</summary>
    public static IHostApplicationBuilder AddObjectStorage(this IHostApplicationBuilder builder, string connectionName = "storage")
    {
        // The Minio package's registration builds its client at once, so the connection and settings are read here
        // rather than when first resolved: a missing connection string stops the service at start.
        var settings = builder.AddValidatedOptions<StorageOptions>(StorageOptions.SectionName);
        var connection = StorageConnection.Parse(builder.Configuration.GetConnectionString(connectionName));
        builder.Services.AddSingleton(connection);
        builder.Services.AddMinio(client => client.ConfigureFor(connection, settings));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ObjectStorage>();
        builder.Services.AddHostedService<BucketInitializer>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>(connectionName, tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Creates the bucket when missing. Runs in the background and retries, so a service starts (and reports
    /// unhealthy storage) while the storage server is still coming up.
    /// </summary>
    private sealed class BucketInitializer(ObjectStorage storage, ILogger<BucketInitializer> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await storage.EnsureBucketAsync(stoppingToken);
                    return;
                }
                catch (Exception e) when (e is StorageUnavailableException or MinioException)
                {
                    if (attempt == 1)
                    {
                        logger.LogWarning("Bucket {Bucket} not ready yet ({Message}); retrying", storage.Bucket, e.Message);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
                }
            }
        }
    }

    private sealed class StorageHealthCheck(ObjectStorage storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await storage.CheckReachableAsync(cancellationToken);
                return HealthCheckResult.Healthy($"bucket {storage.Bucket} reachable");
            }
            catch (Exception e) when (e is StorageUnavailableException or MinioException or InvalidOperationException or OperationCanceledException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"bucket {storage.Bucket} unreachable: {e.Message}");
            }
        }
    }
}
