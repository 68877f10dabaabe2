namespace PixelFlow.AppHost.Servers;

/// <summary>Containers mode: Aspire's hosting integrations and MinIO, with their data in named volumes.</summary>
internal static class ContainerServers
{
    public static PixelFlowServers Add(IDistributedApplicationBuilder builder)
    {
        var database = builder.AddPostgres("postgres").WithDataVolume()
            .AddDatabase(PixelFlowServers.DatabaseName, databaseName: "pixelflow");
        var redis = builder.AddRedis(PixelFlowServers.RedisName);
        var rabbitmq = builder.AddRabbitMQ(PixelFlowServers.RabbitMQName).WithManagementPlugin();

        var user = builder.AddParameter("storage-user", "pixelflow");
        var password = builder.AddParameter("storage-password",
            new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var storage = builder.AddResource(new MinioResource(PixelFlowServers.StorageName, user.Resource, password.Resource))
            .WithImage("minio/minio", "RELEASE.2025-09-07T16-13-09Z")
            .WithArgs("server", "/data", "--console-address", ":9001")
            .WithEnvironment("MINIO_ROOT_USER", user)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            .WithHttpEndpoint(targetPort: 9000, name: "http")
            .WithHttpEndpoint(targetPort: 9001, name: "console")
            .WithVolume("pixelflow-storage-data", "/data")
            .WithHttpHealthCheck("/minio/health/live", endpointName: "http");

        return new PixelFlowServers(ServerMode.Containers,
            PixelFlowServers.Generalize(database), PixelFlowServers.Generalize(redis), PixelFlowServers.Generalize(rabbitmq), PixelFlowServers.Generalize(storage));
    }

    /// <summary>MinIO exposed under the storage connection string (there is no current MinIO hosting integration).</summary>
    private sealed class MinioResource(string name, ParameterResource user, ParameterResource password)
        : ContainerResource(name), IResourceWithConnectionString
    {
        public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
            $"Endpoint={new EndpointReference(this, "http").Property(EndpointProperty.Url)};AccessKey={user};SecretKey={password}");
    }
}
