// The whole PixelFlow topology, defined once: the four servers (containers, or the machine's own binaries where no
// container runtime answers), the API (two replicas, so the multi-instance paths always run) and the worker.
using PixelFlow.AppHost;
using PixelFlow.AppHost.Servers;

var builder = DistributedApplication.CreateBuilder(args);

var (mode, modeReason) = ServerModeSelection.Choose(builder.Configuration);
var servers = PixelFlowServers.Add(builder, mode);
// Shown on the dashboard's Parameters tab (the startup log says it too): which mode ran, and why.
builder.AddParameter("servers-mode", $"{mode.ToString().ToLowerInvariant()}: {modeReason}")
    .WithDescription("How Postgres, Redis, RabbitMQ and storage run: containers, or the machine's own binaries (PixelFlow:Servers).");
var developmentApiKey = DevelopmentProject.AddApiKey(builder);

var api = builder.AddProject<Projects.PixelFlow_Api>("api")
    .WithServer(servers.Database)
    .WithServer(servers.Redis)
    .WithServer(servers.RabbitMQ)
    .WithServer(servers.Storage)
    .WithEnvironment(DevelopmentProject.ApiKeySetting, developmentApiKey)
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// glibc reads GLIBC_TUNABLES when the process starts: the worker's large decode buffers then get transparent huge
// pages (PixelFlow.Imaging/Native/NativeHeap.cs).
var worker = builder.AddProject<Projects.PixelFlow_Worker>("worker")
    .WithServer(servers.Redis)
    .WithServer(servers.RabbitMQ)
    .WithServer(servers.Storage)
    .WithEnvironment("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
    .WithHttpHealthCheck("/health");

ReadyReport.Add(builder, servers, modeReason, api, worker, developmentApiKey);

builder.Build().Run();
