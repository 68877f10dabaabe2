using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Usage;

public sealed class UsageTests(ServersFixture servers)
{
    [Fact]
    public async Task EachFinishedJobIsMeteredOnceAndAggregatedPerDay()
    {
        var project = await servers.CreateProjectAsync();
        var garbage = "not an image"u8.ToArray();

        var succeeded = await project.RunJobAsync(servers.Storage, TestImages.Photo);
        var failed = await project.RunJobAsync(servers.Storage, garbage);

        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var records = await db.UsageRecords.Where(record => record.ProjectId == project.ProjectId).ToListAsync();
        records.Count.ShouldBe(2);
        var output = succeeded["outputs"]!.AsArray().ShouldHaveSingleItem()!;
        var outputBytes = output["bytes"]!.GetValue<long>();
        var success = records.Where(record => record.JobId == Guid.Parse(succeeded["job_id"]!.GetValue<string>())).ShouldHaveSingleItem();
        success.Outcome.ShouldBe("succeeded");
        success.PixelsProcessed.ShouldBeGreaterThanOrEqualTo(1200L * 800);
        success.BytesIn.ShouldBe(TestImages.Photo.Length);
        success.BytesOut.ShouldBe(outputBytes);
        success.BytesSaved.ShouldBe(TestImages.Photo.Length - outputBytes);
        var failure = records.Where(record => record.JobId == Guid.Parse(failed["job_id"]!.GetValue<string>())).ShouldHaveSingleItem();
        failure.Outcome.ShouldBe("failed");
        failure.BytesOut.ShouldBe(0);
        failure.BytesSaved.ShouldBe(0);

        // Yesterday too: the jobs may finish either side of midnight UTC.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var usage = await GetUsageAsync(project.Client, $"?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        usage["from"]!.GetValue<string>().ShouldBe($"{today.AddDays(-1):yyyy-MM-dd}");
        var days = usage["days"]!.AsArray();
        days.Count.ShouldBe(2);
        var totals = usage["totals"]!.AsObject();
        totals["jobs"]!.GetValue<long>().ShouldBe(2);
        totals["succeeded"]!.GetValue<long>().ShouldBe(1);
        totals["failed"]!.GetValue<long>().ShouldBe(1);
        totals["pixels_processed"]!.GetValue<long>().ShouldBe(success.PixelsProcessed);
        totals["bytes_in"]!.GetValue<long>().ShouldBe(TestImages.Photo.Length + garbage.Length);
        totals["bytes_out"]!.GetValue<long>().ShouldBe(outputBytes);
        totals["bytes_saved"]!.GetValue<long>().ShouldBe(success.BytesSaved);
        totals["compute_time_ms"]!.GetValue<long>().ShouldBe(success.ComputeTimeMs + failure.ComputeTimeMs);
        days.Sum(day => day!["jobs"]!.GetValue<long>()).ShouldBe(2);
    }

    [Fact]
    public async Task UsageCoversTheLast30DaysOfTheCallersProjectOnly()
    {
        var busy = await servers.CreateProjectAsync();
        await busy.RunJobAsync(servers.Storage, TestImages.Photo);
        var idle = await servers.CreateProjectAsync();

        var usage = await GetUsageAsync(idle.Client, "");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        usage["to"]!.GetValue<string>().ShouldBe($"{today:yyyy-MM-dd}");
        usage["from"]!.GetValue<string>().ShouldBe($"{today.AddDays(-29):yyyy-MM-dd}");
        var days = usage["days"]!.AsArray();
        days.Count.ShouldBe(30);
        days[^1]!["date"]!.GetValue<string>().ShouldBe($"{today:yyyy-MM-dd}");
        usage["totals"]!["jobs"]!.GetValue<long>().ShouldBe(0);
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-02-30", "to")]
    [InlineData("?from=2026-03-02&to=2026-03-01", "from")]
    [InlineData("?from=2025-01-01&to=2026-01-02", "to")]
    public async Task BadUsageDatesAreValidationProblemsNamingTheParameter(string query, string parameter)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync($"/v1/usage{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe("/problems/validation");
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldBe([parameter]);
    }

    [Fact]
    public async Task A366DayRangeIsAllowed()
    {
        var project = await servers.CreateProjectAsync();

        var usage = await GetUsageAsync(project.Client, "?from=2024-01-01&to=2024-12-31");

        usage["days"]!.AsArray().Count.ShouldBe(366);
    }

    private static async Task<JsonObject> GetUsageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/v1/usage{query}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }
}
