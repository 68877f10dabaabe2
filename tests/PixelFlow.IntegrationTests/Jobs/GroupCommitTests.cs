using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

/// <summary>
/// Creates that arrive while a commit is in flight share the next one (<see cref="JobCreationBatcher"/>). Each test
/// holds every insert into jobs behind a table lock, so that one create's batch waits there and the creates sent next
/// pile up into one batch, whose size the test checks before letting it run. In the whole-host collection: the
/// batcher is the API instance's, and another class's creates would join the batches.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class GroupCommitTests(ServersFixture servers)
{
    private const string JsonJob = """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":40,"format":"png"}]}""";

    private JobCreationBatcher Batcher => servers.Api.Services.GetRequiredService<JobCreationBatcher>();

    [Fact]
    public async Task CreatesThatArriveTogetherCommitInOneBatchEachWithItsOwnJobAndCommand()
    {
        var project = await servers.CreateProjectAsync();
        var before = Batcher.Batches;

        var (first, batched) = await InOneBatchAsync(() => Upload(project), [.. Enumerable.Repeat(() => Upload(project), 6)]);

        var responses = await Task.WhenAll([first, .. batched]);
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }

        Batcher.Batches.ShouldBe((before.Committed + 2, before.Failed));
        var jobIds = new List<string>();
        foreach (var response in responses)
        {
            jobIds.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>());
        }

        jobIds.Distinct().Count().ShouldBe(7);
        // Each committed with its ProcessJob command: each is processed, and once.
        foreach (var jobId in jobIds)
        {
            (await project.Client.WaitFinishedAsync(jobId))["status"]!.GetValue<string>().ShouldBe("succeeded");
        }

        var decodes = servers.Activities.DecodesPerJob(jobIds);
        decodes.Count.ShouldBe(7);
        decodes.Values.ShouldAllBe(count => count == 1);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyTwiceInOneBatchGivesBothCallersOneJobAndFailsNoOtherCreate()
    {
        var project = await servers.CreateProjectAsync();
        var before = Batcher.Batches;
        var key = $"twice-{Guid.NewGuid():N}";

        var (first, batched) = await InOneBatchAsync(() => project.Client.PostJsonAsync("/v1/jobs", JsonJob),
            [() => project.Client.PostJsonAsync("/v1/jobs", JsonJob), () => WithKey(project, key, JsonJob), () => WithKey(project, key, JsonJob)]);

        (await first).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (other, twice) = (await batched[0], new[] { await batched[1], await batched[2] });
        other.StatusCode.ShouldBe(HttpStatusCode.Created);
        twice.ShouldAllBe(response => response.StatusCode == HttpStatusCode.Created);
        var twiceIds = await Task.WhenAll(twice.Select(async response =>
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>()));
        twiceIds.Distinct().ShouldHaveSingleItem();
        twice.Count(response => response.Headers.Contains(JobsApi.IdempotentReplayedHeader)).ShouldBe(1);
        // The batch of three failed on the duplicate key, and each of its creates was made alone.
        Batcher.Batches.ShouldBe((before.Committed + 1, before.Failed + 1));
        (await JobCountAsync(project.ProjectId)).ShouldBe(3);
    }

    [Fact]
    public async Task ACreateWhoseInsertFailsInABatchFailsAloneAndTheOthersInItAreCreated()
    {
        var project = await servers.CreateProjectAsync();
        var before = Batcher.Batches;
        var key = $"taken-{Guid.NewGuid():N}";

        // The key is free when its create checks it, and taken (by a different request) when its batch inserts.
        var (first, batched) = await InOneBatchAsync(() => project.Client.PostJsonAsync("/v1/jobs", JsonJob),
            [() => project.Client.PostJsonAsync("/v1/jobs", JsonJob), () => WithKey(project, key, JsonJob), () => project.Client.PostJsonAsync("/v1/jobs", JsonJob)],
            whileHeld: db => db.Jobs.Add(new Job
            {
                ProjectId = project.ProjectId,
                SourceType = JobRequestValidator.PresignedSource,
                SourceKey = $"elsewhere/{key}",
                IdempotencyKey = key,
                RequestHash = "a different request",
                CreatedAt = DateTimeOffset.UtcNow,
            }));

        (await first).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await batched[0]).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await batched[2]).StatusCode.ShouldBe(HttpStatusCode.Created);
        var conflict = await batched[1];
        conflict.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await conflict.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/idempotency-conflict");
        Batcher.Batches.ShouldBe((before.Committed + 1, before.Failed + 1));
        (await JobCountAsync(project.ProjectId)).ShouldBe(4); // first, the two others, and the row that took the key
    }

    /// <summary>
    /// Sends <paramref name="first"/> while inserts into jobs are held, waits until its batch is blocked, then sends
    /// <paramref name="others"/> and waits until all of them wait for the next commit; then adds what
    /// <paramref name="whileHeld"/> adds in the holding transaction, and lets go.
    /// </summary>
    private async Task<(Task<HttpResponseMessage> First, Task<HttpResponseMessage>[] Batched)> InOneBatchAsync(
        Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>>[] others, Action<PixelFlowDbContext>? whileHeld = null)
    {
        Task<HttpResponseMessage> firstResponse;
        Task<HttpResponseMessage>[] batched;
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await using var hold = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            // SHARE blocks inserts (ROW EXCLUSIVE) but no read: the creates still pass their checks.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE jobs IN SHARE MODE", TestContext.Current.CancellationToken);
            firstResponse = first();
            await Poll.UntilAsync(BlockedInsertsAsync, blocked => blocked > 0, TimeSpan.FromSeconds(60),
                blocked => $"{blocked} inserts waiting for the lock");
            batched = [.. others.Select(send => send())];
            await Poll.UntilAsync(() => Batcher.Waiting, waiting => waiting == others.Length, TimeSpan.FromSeconds(60),
                waiting => $"{waiting} creates waiting for the next commit, not {others.Length}");
            whileHeld?.Invoke(db);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await hold.CommitAsync(TestContext.Current.CancellationToken);
        }

        return (firstResponse, batched);
    }

    private async Task<int> BlockedInsertsAsync()
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        return await db.Database.SqlQuery<int>(
                $"""SELECT count(*)::int AS "Value" FROM pg_locks WHERE relation = 'jobs'::regclass AND NOT granted""")
            .SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task<int> JobCountAsync(Guid projectId)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>().Jobs.CountAsync(job => job.ProjectId == projectId,
            TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> Upload(TestProject project) =>
        project.Client.PostAsync("/v1/jobs", MultipartUploadTests.Form(TestImages.Photo, ("width", "40"), ("format", "png")));

    private static Task<HttpResponseMessage> WithKey(TestProject project, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(JobsApi.IdempotencyKeyHeader, key);
        return project.Client.SendAsync(request);
    }
}
