// Aspire 13.1 AppHost: the same topology ./pixelflow starts without containers, with the same connection-string
// names (pixelflowdb, redis, rabbitmq, storage) so the services read one configuration shape everywhere.

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var database = postgres.AddDatabase("pixelflowdb", databaseName: "pixelflow");

// StackExchange.Redis 1.2.6 (the client that restores on our build machines) is kept on plain TCP.
#pragma warning disable ASPIRECERTIFICATES001
var redis = builder.AddRedis("redis").WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001

var rabbitmq = builder.AddRabbitMQ("rabbitmq").WithManagementPlugin();

// MinIO as a plain container (the toolkit integration is obsolete), exposed through a connection string.
var minioUser = builder.AddParameter("minio-user", "pixelflow");
var minioPassword = builder.AddParameter("minio-password",
    new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
var minio = builder.AddContainer("minio", "minio/minio", "RELEASE.2025-09-07T16-13-09Z")
    .WithArgs("server", "/data", "--console-address", ":9001")
    .WithEnvironment("MINIO_ROOT_USER", minioUser)
    .WithEnvironment("MINIO_ROOT_PASSWORD", minioPassword)
    .WithHttpEndpoint(targetPort: 9000, name: "http")
    .WithHttpEndpoint(targetPort: 9001, name: "console")
    .WithVolume("pixelflow-minio-data", "/data")
    .WithHttpHealthCheck("/minio/health/live");
var storage = builder.AddConnectionString("storage",
    ReferenceExpression.Create($"Endpoint={minio.GetEndpoint("http")};AccessKey={minioUser.Resource};SecretKey={minioPassword.Resource}"));

builder.AddProject<Projects.PixelFlow_Api>("api")
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(storage).WaitFor(minio)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// glibc reads GLIBC_TUNABLES when the process starts: the worker's large decode buffers then get transparent huge
// pages (see PixelFlow.Imaging/Native/NativeHeap.cs), as ./pixelflow starts it too.
builder.AddProject<Projects.PixelFlow_Worker>("worker")
    .WithEnvironment("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
    .WithReference(redis).WaitFor(redis)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(storage).WaitFor(minio)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
