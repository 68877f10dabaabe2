using System.Net;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class JobLifecycleTests(ServersFixture servers)
{
    [Fact]
    public async Task CancelingACreatedJobMakesItCanceledAndStartingItIsThenAConflict()
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(created, TestImages.Photo);

        var cancel = await project.Client.PostAsync($"/v1/jobs/{jobId}/cancel", null);
        var cancelAgain = await project.Client.PostAsync($"/v1/jobs/{jobId}/cancel", null);
        var start = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        cancelAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        start.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await start.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/invalid-transition");
        (await project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("canceled");
    }

    [Fact]
    public async Task CancelingASucceededJobIsAConflictAndChangesNothing()
    {
        var project = await servers.CreateProjectAsync();
        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo);
        var jobId = job["job_id"]!.GetValue<string>();

        var cancel = await project.Client.PostAsync($"/v1/jobs/{jobId}/cancel", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("succeeded");
    }

    [Fact]
    public async Task ListingPagesNewestFirstByCursorAndFiltersByStatus()
    {
        var project = await servers.CreateProjectAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>());
        }

        await project.Client.PostAsync($"/v1/jobs/{ids[0]}/cancel", null);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(project.Client, $"/v1/jobs?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            page["data"]!.AsArray().Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page["data"]!.AsArray().Select(job => job!["job_id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.ShouldBe(Enumerable.Reverse(ids).ToList());
        var canceled = await GetJsonAsync(project.Client, "/v1/jobs?status=canceled");
        canceled["data"]!.AsArray().Select(job => job!["job_id"]!.GetValue<string>()).ShouldBe([ids[0]]);
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task BadListingParametersAreNamedInA400Problem(string query, string field)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync($"/v1/jobs?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey(field);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyAndBodyReturnTheSameJob()
    {
        var project = await servers.CreateProjectAsync();
        const string body = """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150,"format":"webp"}]}""";
        const string sameMeaning = """{ "pipeline": [ {"id":"t","steps":[{"action":"resize","width":150}],"format":"webp"} ], "source_type":"s3_presigned" }""";

        var first = await PostWithKeyAsync(project.Client, "key-1", body);
        var second = await PostWithKeyAsync(project.Client, "key-1", sameMeaning);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await ReadJobIdAsync(second)).ShouldBe(await ReadJobIdAsync(first));
        (await GetJsonAsync(project.Client, "/v1/jobs"))["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyWithAnotherBodyIsA422Problem()
    {
        var project = await servers.CreateProjectAsync();

        await PostWithKeyAsync(project.Client, "key-2", """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150}]}""");
        var reused = await PostWithKeyAsync(project.Client, "key-2", """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":300}]}""");

        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await reused.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/idempotency-conflict");
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneIdempotencyKeyCreateOneJob()
    {
        var project = await servers.CreateProjectAsync();
        const string body = """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150}]}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWithKeyAsync(project.Client, "key-3", body)));

        responses.ShouldAllBe(response => response.StatusCode == HttpStatusCode.Created);
        (await Task.WhenAll(responses.Select(ReadJobIdAsync))).Distinct().Count().ShouldBe(1);
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<string> ReadJobIdAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>();

    private static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
