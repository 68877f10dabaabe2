using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class HealthTests(ServersFixture servers)
{
    [Fact]
    public async Task ApiHealthReportsEachDependencyHealthy()
    {
        using var client = servers.Api.CreateClient();

        var report = (await client.GetFromJsonAsync<JsonObject>("/health"))!;

        report["status"]!.GetValue<string>().ShouldBe("Healthy", report.ToJsonString());
        var checks = report["checks"]!.AsObject();
        foreach (var dependency in new[] { "postgres", "redis", "rabbitmq", "storage" })
        {
            checks[dependency]!["status"]!.GetValue<string>().ShouldBe("Healthy", dependency);
        }
    }

    [Fact]
    public async Task WorkerHealthReportsItsDependenciesAndAliveAnswers()
    {
        using var client = servers.Worker.CreateClient();

        var report = (await client.GetFromJsonAsync<JsonObject>("/health"))!;
        var alive = await client.GetAsync("/alive");

        report["status"]!.GetValue<string>().ShouldBe("Healthy", report.ToJsonString());
        var checks = report["checks"]!.AsObject();
        foreach (var dependency in new[] { "redis", "rabbitmq", "storage", "libvips" })
        {
            checks[dependency]!["status"]!.GetValue<string>().ShouldBe("Healthy", dependency);
        }
        alive.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task HealthzAnswersOk()
    {
        using var client = servers.Api.CreateClient();

        (await client.GetAsync("/healthz")).IsSuccessStatusCode.ShouldBeTrue();
    }
}
