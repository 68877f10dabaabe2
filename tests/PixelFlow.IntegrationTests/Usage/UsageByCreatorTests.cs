using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Usage;

public sealed class UsageByCreatorTests(ServersFixture servers)
{
    [Fact]
    public async Task UsageGroupedByKeyTotalsEachKeysJobs()
    {
        var (first, owner) = await Owners.CreateOwnedProjectAsync(servers, "pro");
        var secondKey = await owner.CreateApiKeyAsync(first.ProjectId.ToString(), "second");
        var second = first with { ApiKey = secondKey["key"]!.GetValue<string>(), Client = servers.Api.CreateClient() };
        second.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second.ApiKey);
        await first.RunJobAsync(servers.Storage, TestImages.Photo);
        await first.RunJobAsync(servers.Storage, TestImages.Photo);
        await second.RunJobAsync(servers.Storage, TestImages.Photo);

        var usage = await GetUsageAsync(second.Client, "key");

        var groups = usage["groups"]!.AsArray();
        groups.Count.ShouldBe(2);
        groups[0]!["api_key_id"]!.GetValue<Guid>().ShouldBe(await KeyIdAsync(owner, first));
        groups[0]!["totals"]!["jobs"]!.GetValue<long>().ShouldBe(2);
        groups[1]!["api_key_id"]!.GetValue<Guid>().ShouldBe(secondKey["id"]!.GetValue<Guid>());
        groups[1]!["totals"]!["jobs"]!.GetValue<long>().ShouldBe(1);
        usage["totals"]!["jobs"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task UsageGroupedByUserPutsJobsCreatedWithKeysInTheGroupWithoutAUser()
    {
        var project = await servers.CreateProjectAsync();
        await project.RunJobAsync(servers.Storage, TestImages.Photo);

        var usage = await GetUsageAsync(project.Client, "user");

        var group = usage["groups"]!.AsArray().ShouldHaveSingleItem()!;
        group["user_id"].ShouldBeNull();
        group["totals"]!["jobs"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task AnUnknownGroupingIsAValidationProblemNamingGroupBy()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync("/v1/usage?group_by=project");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["group_by"]);
    }

    private static async Task<JsonObject> GetUsageAsync(HttpClient client, string groupBy)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Yesterday too: the jobs may finish either side of midnight UTC.
        var response = await client.GetAsync($"/v1/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}&group_by={groupBy}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The id of the project's key whose secret <paramref name="project"/> holds (its prefix is the secret's start).</summary>
    private static async Task<Guid> KeyIdAsync(TestUser owner, TestProject project)
    {
        var keys = await owner.Client.GetFromJsonAsync<JsonArray>($"/v1/projects/{project.ProjectId}/api-keys");
        return keys!.Single(key => project.ApiKey.StartsWith(key!["prefix"]!.GetValue<string>(), StringComparison.Ordinal))!["id"]!.GetValue<Guid>();
    }
}
