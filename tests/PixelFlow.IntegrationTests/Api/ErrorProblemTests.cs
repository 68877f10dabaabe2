using System.Net;
using System.Net.Sockets;
using PixelFlow.Api.Problems;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class ProblemTraceIdTests(ServersFixture servers)
{
    [Fact]
    public async Task EveryProblemCarriesTheTraceIdOfTheRequest()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var problem = await response.ReadProblemAsync();
        problem["trace_id"]!.GetValue<string>().ShouldMatch("^[0-9a-f]{32}$");
        problem.ContainsKey("traceId").ShouldBeFalse();
    }
}

[Collection(IsolatedCollection.Name)]
public sealed class DatabaseOutageTests(ServersFixture servers)
{
    [Fact]
    public async Task WhilePostgresIsDownRequestsAnswer503UnavailableWithRetryAfter()
    {
        var project = await servers.CreateProjectAsync();
        await servers.Servers.StopAsync("postgres");
        try
        {
            var response = await project.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}");

            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(UnhandledExceptionHandler.RetryAfterSeconds));
            var problem = await response.ReadProblemAsync();
            problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.Unavailable);
            problem["trace_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
            problem.ToJsonString().ShouldNotContain("Npgsql");
        }
        finally
        {
            await servers.Servers.StartAsync("postgres");
            // connections pooled before the restart are dead: later tests must not draw one
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }
}
