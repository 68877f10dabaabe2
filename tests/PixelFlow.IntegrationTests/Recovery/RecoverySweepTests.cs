using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Recovery;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Recovery;

/// <summary>
/// The recovery sweep against the real servers: jobs put into the states a lost message leaves behind are each
/// settled, through the usual pipeline (event, usage record), and those queued again are processed by the worker.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class RecoverySweepTests(ServersFixture servers)
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task EveryJobStrandedByALostMessageIsSettledOnceAndTheRequeuedOnesAreProcessed()
    {
        var project = await servers.CreateProjectAsync();
        var workerLost = await UploadedJobAsync(project);
        var commandLost = await UploadedJobAsync(project);
        var creationOrphan = await UploadedJobAsync(project);
        var successLost = Guid.Parse((await project.RunJobAsync(servers.Storage, TestImages.Photo))["job_id"]!.GetValue<string>());
        PixelFlow.Api.Usage.UsageRecord metered;
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await Strand(db, workerLost, set => set.SetProperty(job => job.Status, JobStatus.Processing).SetProperty(job => job.StartedAt, LongAgo));
            await Strand(db, commandLost, set => set.SetProperty(job => job.Status, JobStatus.Queued).SetProperty(job => job.QueuedAt, LongAgo));
            await Strand(db, creationOrphan, set => set.SetProperty(job => job.SourceType, JobRequestValidator.MultipartSource)
                .SetProperty(job => job.CreatedAt, LongAgo));
            // Outputs recorded, but the JobSucceeded (and with it the usage record) never applied.
            await Strand(db, successLost, set => set.SetProperty(job => job.Status, JobStatus.Processing)
                .SetProperty(job => job.StartedAt, LongAgo).SetProperty(job => job.CompletedAt, (DateTimeOffset?)null));
            metered = await db.UsageRecords.AsNoTracking().SingleAsync(record => record.JobId == successLost);
            await db.UsageRecords.Where(record => record.JobId == successLost).ExecuteDeleteAsync();
        }

        var settled = await SweepUntilSettledAsync([workerLost, commandLost, creationOrphan, successLost]);

        settled[workerLost].ShouldBe((RecoveryReason.ProcessingOverdue, RecoveryAction.Failed));
        settled[commandLost].ShouldBe((RecoveryReason.QueuedWithoutCommand, RecoveryAction.Requeued));
        settled[creationOrphan].ShouldBe((RecoveryReason.CreatedWithSource, RecoveryAction.Requeued));
        settled[successLost].ShouldBe((RecoveryReason.OutputsComplete, RecoveryAction.Succeeded));
        var lost = await project.Client.GetJobAsync(workerLost.ToString());
        lost["status"]!.GetValue<string>().ShouldBe("failed");
        lost["error"]!["code"]!.GetValue<string>().ShouldBe(JobErrorCodes.WorkerLost);
        foreach (var requeued in new[] { commandLost, creationOrphan })
        {
            (await project.Client.WaitFinishedAsync(requeued.ToString(), timeoutSeconds: 120))["status"]!.GetValue<string>().ShouldBe("succeeded");
        }

        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            foreach (var jobId in new[] { workerLost, commandLost, creationOrphan })
            {
                (await db.UsageRecords.CountAsync(record => record.JobId == jobId)).ShouldBe(1);
                (await db.JobEvents.CountAsync(e => e.JobId == jobId && (e.Type == JobEventTypes.Succeeded || e.Type == JobEventTypes.Failed))).ShouldBe(1);
            }

            var recovered = await db.UsageRecords.SingleAsync(record => record.JobId == successLost);
            recovered.Outcome.ShouldBe("succeeded");
            // What the worker metered, but for the compute time, which only its lost report knew.
            (recovered.PixelsProcessed, recovered.BytesIn, recovered.BytesOut).ShouldBe((metered.PixelsProcessed, metered.BytesIn, metered.BytesOut));
        }
    }

    [Fact]
    public async Task OnlyOneInstanceSweepsAtATime()
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        await using var otherInstance = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RecoverySweep.SweepLockKey})");

        var result = await servers.Api.Services.GetRequiredService<RecoverySweep>().SweepOnceAsync(CancellationToken.None);

        result.ShouldBeNull();
    }

    private async Task<Guid> UploadedJobAsync(TestProject project)
    {
        var created = await project.Client.CreateJobAsync();
        await servers.Storage.UploadAsync(created, TestImages.Photo);
        return Guid.Parse(created["job_id"]!.GetValue<string>());
    }

    /// <summary>Writes the row as a lost message leaves it: a state no transition of the job produces.</summary>
    private static Task Strand(PixelFlowDbContext db, Guid jobId, Action<UpdateSettersBuilder<Job>> strand) =>
        db.Jobs.Where(candidate => candidate.Id == jobId).ExecuteUpdateAsync(strand);

    /// <summary>
    /// Sweeps until each job is settled. No test host sweeps on a timer (ServersFixture.ServiceFactory), so every
    /// settlement shows in these calls' answers; a round that finds the lock taken answers null and is tried again.
    /// </summary>
    private async Task<Dictionary<Guid, (RecoveryReason, RecoveryAction)>> SweepUntilSettledAsync(Guid[] jobIds)
    {
        var sweep = servers.Api.Services.GetRequiredService<RecoverySweep>();
        var settled = new Dictionary<Guid, (RecoveryReason, RecoveryAction)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!jobIds.All(settled.ContainsKey))
        {
            foreach (var (jobId, reason, action) in await sweep.SweepOnceAsync(timeout.Token) ?? [])
            {
                settled[jobId] = (reason, action);
            }
        }

        return settled;
    }
}
