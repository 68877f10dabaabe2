using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Files;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Projects;
using PixelFlow.Api.Telemetry;
using PixelFlow.Infrastructure;
using PixelFlow.Tests.Files;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Cleanup;

/// <summary>
/// The purges of soft-deleted projects and files and the expiry of uploads never completed, run by the scheduler
/// against the real servers: objects really in storage (uploaded files, their variants made by the worker, a job run
/// end to end, an asset), rows really in Postgres. "Long ago" is a timestamp set back in the database, never a wait
/// or a shifted clock: the task and the test read the same rows with the same clock.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class PurgeTests(ServersFixture servers)
{
    private const string ThumbPreset = """{"steps":[{"action":"resize","width":64,"height":64,"fit":"cover"}],"format":"webp"}""";

    /// <summary>Past the default Cleanup:Retention (7 days).</summary>
    private static readonly TimeSpan PastRetention = TimeSpan.FromDays(8);

    [Fact]
    public async Task ASoftDeletedProjectIsPurgedWithEveryObjectAndRowWhileAnotherProjectsStayAndTheDryRunBeforeDeletesNothing()
    {
        var doomed = await ProjectWithObjectsAsync();
        var kept = await ProjectWithObjectsAsync();
        var doomedObjects = await ProjectObjectsAsync(doomed.ProjectId);
        var keptObjects = await ProjectObjectsAsync(kept.ProjectId);
        doomedObjects.Count.ShouldBeGreaterThanOrEqualTo(5, "original, variant, job source and output, asset");
        var doomedRows = await ProjectRowsAsync(doomed.ProjectId);
        var keptRows = await ProjectRowsAsync(kept.ProjectId);
        await SetDeletedAsync(doomed.ProjectId, DateTimeOffset.UtcNow - PastRetention);
        // A run purges every project deleted past retention in the shared database, other tests' too (UserProjectsTests
        // sets one back to test the refused restore): what it reports is theirs and ours together.
        var due = await DueProjectsAsync();
        due.ShouldContain(doomed.ProjectId);
        var dueObjects = new List<(string Key, long Size)>();
        long dueRows = 0;
        foreach (var projectId in due)
        {
            dueObjects.AddRange(await ProjectObjectsAsync(projectId));
            dueRows += (await ProjectRowsAsync(projectId)).Total;
        }

        await using var instance = new CleanupInstance(servers);
        using var bytesFreed = instance.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.cleanup.bytes_freed");

        var dry = await instance.RunAsync(DeletedProjectPurge.TaskName, dryRun: true);

        Counts(dry).ShouldBe((dueObjects.Count, dueObjects.Sum(item => item.Size), dueRows));
        (await ProjectObjectsAsync(doomed.ProjectId)).ShouldBe(doomedObjects, ignoreOrder: true);
        (await ProjectRowsAsync(doomed.ProjectId)).ShouldBe(doomedRows);

        var purged = await instance.RunAsync(DeletedProjectPurge.TaskName);

        Counts(purged).ShouldBe(Counts(dry));
        (await DueProjectsAsync()).ShouldBeEmpty();
        (await ProjectObjectsAsync(doomed.ProjectId)).ShouldBeEmpty();
        (await ProjectRowsAsync(doomed.ProjectId)).ShouldBe(new ProjectRows(0, 0, 0, 0, 0, 0, 0, 0, 0, doomedRows.UsageRecords));
        (await ProjectObjectsAsync(kept.ProjectId)).ShouldBe(keptObjects, ignoreOrder: true);
        (await ProjectRowsAsync(kept.ProjectId)).ShouldBe(keptRows);
        (await kept.Client.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.OK);
        bytesFreed.Sum("cleanup.task", DeletedProjectPurge.TaskName).ShouldBe(dueObjects.Sum(item => item.Size));
    }

    [Fact]
    public async Task AProjectDeletedWithinRetentionIsNotPurged()
    {
        var recent = await servers.CreateProjectAsync();
        var asset = StorageKeys.Asset(recent.ProjectId, "logo.png");
        await Storage.PutAsync(asset, new MemoryStream(new byte[10]), "image/png", CancellationToken.None);
        await SetDeletedAsync(recent.ProjectId, DateTimeOffset.UtcNow - TimeSpan.FromDays(6));
        await using var instance = new CleanupInstance(servers);

        await instance.RunAsync(DeletedProjectPurge.TaskName);

        (await ProjectObjectsAsync(recent.ProjectId)).Select(item => item.Key).ShouldBe([asset]);
        (await ProjectRowsAsync(recent.ProjectId)).Projects.ShouldBe(1);
    }

    [Fact]
    public async Task AFileSoftDeletedPastRetentionIsPurgedWithItsVariantsAndOneWithinRetentionSurvives()
    {
        using var files = new FileClient(servers, await servers.CreateProjectAsync());
        await files.PutPresetAsync("thumb", ThumbPreset);
        var old = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        var recent = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        var live = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        foreach (var fileId in new[] { old, recent, live })
        {
            await files.WaitSettledAsync(fileId);
        }

        foreach (var fileId in new[] { old, recent })
        {
            (await files.Http.DeleteAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        // Other classes backdate deletions of their own files (they ran before this serial collection, none runs
        // beside it): purge those first, so the counts below are this test's file alone.
        await using var instance = new CleanupInstance(servers);
        await instance.RunAsync(DeletedFilePurge.TaskName);
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await db.Files.Where(file => file.Id == Guid.Parse(old))
                .ExecuteUpdateAsync(set => set.SetProperty(file => file.DeletedAt, DateTimeOffset.UtcNow - PastRetention));
        }

        var before = await ProjectObjectsAsync(files.Project.ProjectId);
        var oldObjects = before.Where(item => item.Key.Contains(old, StringComparison.Ordinal)).ToList();
        oldObjects.Select(item => item.Key).ShouldBe(
            [$"{files.Project.ProjectId}/files/{old}.jpg", $"{files.Project.ProjectId}/thumb/{old}.webp"], ignoreOrder: true);
        using var rowsRemoved = instance.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.cleanup.rows");

        var dry = await instance.RunAsync(DeletedFilePurge.TaskName, dryRun: true);

        Counts(dry).ShouldBe((2, oldObjects.Sum(item => item.Size), 2), "the file's row and its rendition's");
        (await ProjectObjectsAsync(files.Project.ProjectId)).ShouldBe(before, ignoreOrder: true);

        var purged = await instance.RunAsync(DeletedFilePurge.TaskName);

        Counts(purged).ShouldBe(Counts(dry));
        (await ProjectObjectsAsync(files.Project.ProjectId)).ShouldBe(before.Except(oldObjects), ignoreOrder: true);
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            (await db.Files.Where(file => file.ProjectId == files.Project.ProjectId).Select(file => file.Id.ToString()).ToListAsync())
                .ShouldBe([recent, live], ignoreOrder: true);
        }

        rowsRemoved.Sum("cleanup.task", DeletedFilePurge.TaskName).ShouldBe(2);
    }

    [Fact]
    public async Task AnUploadNeverCompletedFailsAfterADayAndTheBytesPutWithoutCompletionAreDeleted()
    {
        using var files = new FileClient(servers, await servers.CreateProjectAsync());
        var abandoned = await CreateUploadAsync(files);
        var abandonedId = abandoned["file"]!["id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(abandoned, TestImages.Photo);
        var fresh = (await CreateUploadAsync(files))["file"]!["id"]!.GetValue<string>();
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await db.Files.Where(file => file.Id == Guid.Parse(abandonedId))
                .ExecuteUpdateAsync(set => set.SetProperty(file => file.CreatedAt, DateTimeOffset.UtcNow.AddHours(-25)));
        }

        var key = abandoned["file"]!["key"]!.GetValue<string>();
        await using var instance = new CleanupInstance(servers);

        var dry = await instance.RunAsync(UnsourcedUploadExpiry.TaskName, dryRun: true);

        Counts(dry).ShouldBe((1, TestImages.Photo.LongLength, 1));
        (await files.GetAsync(abandonedId))["status"]!.GetValue<string>().ShouldBe("uploading");

        var expired = await instance.RunAsync(UnsourcedUploadExpiry.TaskName);

        Counts(expired).ShouldBe(Counts(dry));
        (await files.GetAsync(abandonedId))["status"]!.GetValue<string>().ShouldBe("failed");
        (await files.GetAsync(fresh))["status"]!.GetValue<string>().ShouldBe("uploading");
        (await Storage.GetSizeAsync(key, CancellationToken.None)).ShouldBeNull();
        var content = await files.Http.GetAsync($"/v1/files/{abandonedId}/content");
        content.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await content.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/source-not-uploaded");
        // Too late to complete: the answer shows the file as it stays, failed.
        var completed = await files.Http.PostAsync($"/v1/files/{abandonedId}/complete", null);
        (await completed.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>().ShouldBe("failed");
    }

    [Fact]
    public async Task EveryCleanupTaskHasItsScheduleTurnedOffInTestInstances()
    {
        await using var instance = new CleanupInstance(servers);
        await using var scope = instance.Services.CreateAsyncScope();

        scope.ServiceProvider.GetServices<ICleanupTask>().Select(task => task.Name).ShouldBe(CleanupInstance.TaskNames, ignoreOrder: true);
    }

    private ObjectStorage Storage => servers.Api.Services.GetRequiredService<ObjectStorage>();

    private static (long Objects, long Bytes, long Rows) Counts(JsonObject run) =>
        (run["objects"]!.GetValue<long>(), run["bytes_freed"]!.GetValue<long>(), run["rows"]!.GetValue<long>());

    private static async Task<JsonObject> CreateUploadAsync(FileClient files)
    {
        var created = await files.Http.PostJsonAsync($"/v1/projects/{files.Project.ProjectId}/files/uploads",
            """{"filename":"scan.jpg","content_type":"image/jpeg"}""");
        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>
    /// A project with something of every kind in storage and in its tables: a file with a variant (made by the worker),
    /// a job run end to end (source, output, events, usage record), an asset.
    /// </summary>
    private async Task<TestProject> ProjectWithObjectsAsync()
    {
        var project = await servers.CreateProjectAsync();
        using var files = new FileClient(servers, project);
        await files.PutPresetAsync("thumb", ThumbPreset);
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        (await files.WaitSettledAsync(fileId))["status"]!.GetValue<string>().ShouldBe("ready");
        (await project.RunJobAsync(servers.Storage, TestImages.Photo))["status"]!.GetValue<string>().ShouldBe("succeeded");
        var asset = await project.Client.PutAsync("/v1/assets/brand/logo.jpg", new ByteArrayContent(TestImages.Photo));
        asset.IsSuccessStatusCode.ShouldBeTrue(await asset.Content.ReadAsStringAsync());
        return project;
    }

    /// <summary>Everything under the project's storage prefixes (its files' and its jobs' and assets').</summary>
    private async Task<List<(string Key, long Size)>> ProjectObjectsAsync(Guid projectId)
    {
        var objects = new List<(string Key, long Size)>();
        foreach (var prefix in new[] { FileKeys.ProjectPrefix(projectId), StorageKeys.ProjectPrefix(projectId) })
        {
            await foreach (var (key, size, _) in Storage.ListAllAsync(prefix, CancellationToken.None))
            {
                objects.Add((key, size));
            }
        }

        return objects;
    }

    /// <summary>Every project deleted past the default retention, whichever test deleted it.</summary>
    private async Task<List<Guid>> DueProjectsAsync()
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var deletedBefore = DateTimeOffset.UtcNow - new CleanupOptions().Retention;
        return await db.Projects.Where(project => project.DeletedAt < deletedBefore).Select(project => project.Id).ToListAsync();
    }

    private async Task SetDeletedAsync(Guid projectId, DateTimeOffset deletedAt)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        await db.Projects.Where(project => project.Id == projectId).ExecuteUpdateAsync(set => set.SetProperty(project => project.DeletedAt, deletedAt));
    }

    private async Task<ProjectRows> ProjectRowsAsync(Guid projectId)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var files = db.Files.Where(file => file.ProjectId == projectId);
        return new ProjectRows(
            await db.Projects.CountAsync(project => project.Id == projectId),
            await db.ApiKeys.CountAsync(key => key.ProjectId == projectId),
            await db.Presets.CountAsync(preset => preset.ProjectId == projectId),
            await db.ProjectMembers.CountAsync(member => member.ProjectId == projectId),
            await files.CountAsync(),
            await db.FileVariants.CountAsync(variant => files.Any(file => file.Id == variant.FileId)),
            await db.Jobs.CountAsync(job => job.ProjectId == projectId),
            await db.JobEvents.CountAsync(jobEvent => jobEvent.ProjectId == projectId),
            await db.WebhookDeliveries.CountAsync(delivery => delivery.ProjectId == projectId),
            await db.UsageRecords.CountAsync(record => record.ProjectId == projectId));
    }

    /// <summary>A project's rows by table; usage records are what a purge keeps.</summary>
    private sealed record ProjectRows(int Projects, int ApiKeys, int Presets, int Members, int Files, int FileVariants, int Jobs, int JobEvents,
        int WebhookDeliveries, int UsageRecords)
    {
        public long Total => Projects + ApiKeys + Presets + Members + Files + FileVariants + Jobs + JobEvents + WebhookDeliveries;
    }
}
