using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Model;
using PixelFlow.Contracts.V1;
using PixelFlow.Infrastructure;

namespace PixelFlow.Api.Services;

/// <summary>Storage layout of a job's objects.</summary>
public static class StorageKeys
{
    public static string Source(Guid projectId, Guid jobId) => $"projects/{projectId:N}/jobs/{jobId:N}/source";

    public static string OutputPrefix(Guid projectId, Guid jobId) => $"projects/{projectId:N}/jobs/{jobId:N}/outputs/";
}

/// <summary>What can go wrong starting a job; the endpoint maps each to its problem response.</summary>
public enum StartOutcome
{
    Queued,
    NotFound,
    SourceNotUploaded,
    SourceTooLarge,
    AlreadyFinished,
}

/// <summary>The job lifecycle operations the HTTP API offers.</summary>
public sealed class JobService(
    PixelFlowDbContext db,
    ObjectStorage storage,
    Outbox outbox,
    JobChanges changes,
    IOptions<JobLimitsOptions> limits,
    TimeProvider clock)
{
    public async Task<Job> CreateAsync(Guid projectId, string sourceType, string? webhookUrl, List<OutputSpec> outputs,
        CancellationToken cancellationToken)
    {
        var jobId = Guid.CreateVersion7();
        var job = new Job
        {
            Id = jobId,
            ProjectId = projectId,
            Status = JobStatus.Created,
            SourceType = sourceType,
            SourceKey = StorageKeys.Source(projectId, jobId),
            WebhookUrl = webhookUrl,
            Outputs = outputs,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public Task<Job?> FindAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().SingleOrDefaultAsync(job => job.Id == jobId && job.ProjectId == projectId, cancellationToken);

    /// <summary>
    /// created → queued, with the <see cref="ProcessJob"/> command saved in the same transaction (outbox).
    /// Starting a job that is already queued or running is accepted again without a second command.
    /// </summary>
    public async Task<(StartOutcome Outcome, Job? Job)> StartAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await FindAsync(projectId, jobId, cancellationToken);
        if (job is null)
        {
            return (StartOutcome.NotFound, null);
        }

        if (job.Status is JobStatus.Queued or JobStatus.Processing)
        {
            return (StartOutcome.Queued, job);
        }

        if (job.Status != JobStatus.Created)
        {
            return (StartOutcome.AlreadyFinished, job);
        }

        var size = await storage.GetSizeAsync(job.SourceKey, cancellationToken);
        if (size is null)
        {
            return (StartOutcome.SourceNotUploaded, job);
        }

        if (size > limits.Value.MaxSourceBytes)
        {
            return (StartOutcome.SourceTooLarge, job);
        }

        return (await EnqueueAsync(job, cancellationToken), job);
    }

    private async Task<StartOutcome> EnqueueAsync(Job job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        JobChange change;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var moved = await db.Jobs
                .Where(candidate => candidate.Id == job.Id && candidate.Status == JobStatus.Created)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.QueuedAt, now),
                    cancellationToken);
            if (moved == 0)
            {
                // A concurrent start won; it enqueued the command.
                return StartOutcome.Queued;
            }

            outbox.Add(db, await BuildCommandAsync(job, now), Outbox.ProcessJobQueue);
            job.Status = JobStatus.Queued;
            job.QueuedAt = now;
            change = new JobChange(job, JobEventTypes.Queued, JobStatus.Created);
            await changes.SaveAsync(db, [change], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Signal();
        await changes.PublishAsync([change], cancellationToken);
        return StartOutcome.Queued;
    }

    private async Task<ProcessJob> BuildCommandAsync(Job job, DateTimeOffset now)
    {
        var options = limits.Value;
        var maxPixels = await db.Projects.Where(project => project.Id == job.ProjectId)
            .Select(project => project.MaxSourcePixels).SingleOrDefaultAsync() ?? options.MaxSourcePixels;
        return new ProcessJob
        {
            JobId = job.Id,
            ProjectId = job.ProjectId,
            SourceKey = job.SourceKey,
            OutputPrefix = StorageKeys.OutputPrefix(job.ProjectId, job.Id),
            Outputs = job.Outputs,
            Limits = new ProcessingLimits(maxPixels, options.MaxSourceBytes, options.MaxSourceFrames),
            QueuedAt = now,
        };
    }
}
