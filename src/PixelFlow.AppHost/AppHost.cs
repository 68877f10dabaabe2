// The whole PixelFlow topology, defined once: the four servers (containers, or the machine's own binaries where no
// container runtime answers), the API (two replicas, so the multi-instance paths always run) and the worker.
using PixelFlow.AppHost;
using PixelFlow.AppHost.Servers;
using PixelFlow.Contracts.V1;

var builder = DistributedApplication.CreateBuilder(args);

var (mode, modeReason) = ServerModeSelection.Choose(builder.Configuration);
var servers = PixelFlowServers.Add(builder, mode);
// Shown on the dashboard's Parameters tab (the startup log says it too): which mode ran, and why.
builder.AddParameter("servers-mode", $"{mode.ToString().ToLowerInvariant()}: {modeReason}")
    .WithDescription("How Postgres, Redis, RabbitMQ and storage run: containers, or the machine's own binaries (PixelFlow:Servers).");
var developmentApiKey = DevelopmentProject.AddApiKey(builder);
var signingKey = AccessTokenSigningKey.Add(builder);
var operatorKey = OperatorKey.Add(builder);

var api = builder.AddProject<Projects.PixelFlow_Api>("api")
    .WithServer(servers.Database)
    .WithServer(servers.Redis)
    .WithServer(servers.RabbitMQ)
    .WithServer(servers.Storage)
    .WithEnvironment(DevelopmentProject.ApiKeySetting, developmentApiKey)
    .WithEnvironment(AccessTokenSigningKey.Setting, signingKey)
    .WithEnvironment(OperatorKey.Setting, operatorKey)
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

var worker = Worker("worker");
// HEIC/HEIF sources: the bundled libvips 8.18 has no HEVC decoder, so the default worker forwards them to their own
// queue, taken by a worker on the system libvips (Debian's 8.14 with libheif). One libvips build per process.
Worker("worker-heic")
    .WithEnvironment("Imaging__Library", "system")
    .WithEnvironment("Worker__Queue", Wire.Queues.ProcessJobHeif);

// The web console: a client of the API's public HTTP API only (service discovery through the reference), with its
// sessions in Redis.
var web = builder.AddProject<Projects.PixelFlow_Web>("web")
    .WithReference(api)
    .WaitFor(api)
    .WithServer(servers.Redis)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

ReadyReport.Add(builder, servers, modeReason, api, worker, web, developmentApiKey, operatorKey);

builder.Build().Run();

// glibc reads GLIBC_TUNABLES when the process starts: the worker's large decode buffers then get transparent huge
// pages (PixelFlow.Imaging/Native/NativeHeap.cs).
IResourceBuilder<ProjectResource> Worker(string name) => builder.AddProject<Projects.PixelFlow_Worker>(name)
    .WithServer(servers.Redis)
    .WithServer(servers.RabbitMQ)
    .WithServer(servers.Storage)
    .WithEnvironment("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
    .WithHttpHealthCheck("/health");
