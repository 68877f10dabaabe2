extern alias AppHost;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using AppHost::PixelFlow.AppHost.Servers;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace PixelFlow.Tests.AppHost;

/// <summary>How the AppHost chooses between containers and the machine's own servers; no server is started.</summary>
public sealed class ServerModeTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void WithoutAContainerRuntimeTheAutomaticChoiceIsLocalAndSaysWhy()
    {
        var (mode, reason) = ServerModeSelection.Choose(Settings(("ASPIRE_CONTAINER_RUNTIME", "no-such-runtime")));

        mode.ShouldBe(ServerMode.Local);
        reason.ShouldContain("no container runtime answered");
        reason.ShouldContain("no-such-runtime");
    }

    [Fact]
    public void ForcedContainersWithoutARuntimeFailAtOnceNamingTheWayOut()
    {
        var failure = Should.Throw<DistributedApplicationException>(() => ServerModeSelection.Choose(
            Settings((ServerModeSelection.ConfigurationKey, "containers"), ("ASPIRE_CONTAINER_RUNTIME", "no-such-runtime"))));

        failure.Message.ShouldContain("no container runtime answered");
        failure.Message.ShouldContain("PixelFlow:Servers=local");
    }

    [Fact]
    public void AnUnknownModeIsRefused() =>
        Should.Throw<DistributedApplicationException>(() => ServerModeSelection.Choose(Settings((ServerModeSelection.ConfigurationKey, "vm"))))
            .Message.ShouldContain("auto, containers or local");

    [Theory]
    [InlineData(ServerMode.Containers)]
    [InlineData(ServerMode.Local)]
    public void BothModesHandTheServicesTheSameConnectionStringNames(ServerMode mode)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "PixelFlow.sln")))
        {
            repository = repository.Parent!;
        }

        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--PixelFlow:DataDirectory", Directory.CreateTempSubdirectory("pixelflow-model-").FullName],
            ProjectDirectory = Path.Combine(repository.FullName, "src", "PixelFlow.AppHost"),
        });

        var servers = PixelFlowServers.Add(builder, mode);

        servers.Mode.ShouldBe(mode);
        new[] { servers.Database, servers.Redis, servers.RabbitMQ, servers.Storage }.Select(s => s.Resource.Name)
            .ShouldBe(["pixelflowdb", "redis", "rabbitmq", "storage"]);
        builder.Resources.OfType<IResourceWithConnectionString>().Select(r => r.Name).ShouldContain("postgres");
    }
}
