using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Model;
using PixelFlow.Api.Services;
using PixelFlow.Api.Apis;
using StackExchange.Redis;

namespace PixelFlow.Api.Events;

/// <summary>
/// Writes every job change to the project's event log (<c>job_events</c>) and, once committed, tells every API
/// instance about it through Redis. Scoped: it remembers the sequence it took for each change of its unit of work
/// until the change is published.
/// </summary>
public sealed class JobEventRecorder(
    JobEventBroadcaster broadcaster,
    IConnectionMultiplexer redis,
    TimeProvider clock,
    ILogger<JobEventRecorder> logger) : IJobChangeHandler
{
    private readonly Dictionary<JobChange, long> _sequences = new(ReferenceEqualityComparer.Instance);

    /// <summary>Redis channel announcing new events of one project.</summary>
    public static string ChannelFor(Guid projectId) => $"{ChannelPrefix}{projectId:N}";

    internal const string ChannelPrefix = "pixelflow:events:";

    public async Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken)
    {
        var job = change.Job;
        // The row lock taken by this UPDATE is held until commit, so writers of one project take turns: sequence
        // n+1 cannot commit before n, and a rolled-back writer gives its number back. Readers asking for
        // "sequence > last seen" therefore never skip an event that commits later.
        var sequence = (await db.Database
            .SqlQuery<long>($"UPDATE projects SET event_sequence = event_sequence + 1 WHERE id = {job.ProjectId} RETURNING event_sequence AS \"Value\"")
            .ToListAsync(cancellationToken)).Single();
        var now = clock.GetUtcNow();
        db.JobEvents.Add(new JobEvent
        {
            ProjectId = job.ProjectId,
            Sequence = sequence,
            JobId = job.Id,
            Type = change.EventType,
            Data = JobEventData.Serialize(change, now),
            CreatedAt = now,
        });
        _sequences[change] = sequence;
    }

    public Task OnChangedAsync(JobChange change, CancellationToken cancellationToken)
    {
        if (!_sequences.Remove(change, out var sequence))
        {
            return Task.CompletedTask;
        }

        var projectId = change.Job.ProjectId;
        // Streams on this instance need not wait for the Redis round trip.
        broadcaster.Notify(projectId, sequence);
        try
        {
            // Fire and forget: a lost notification only delays streams until their next poll, and the caller (a
            // request or a consumer) must not wait on Redis.
            redis.GetSubscriber().Publish(ChannelFor(projectId), sequence, CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not announce event {Sequence} of project {ProjectId}; streams will poll it", sequence, projectId);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The JSON body of a job event, as stored and streamed (<c>data:</c>).</summary>
public sealed record JobEventData(
    Guid JobId,
    string Status,
    string Type,
    JobEventOutput? Output,
    JobErrorResponse? Error,
    DateTimeOffset At)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Serialize(JobChange change, DateTimeOffset at)
    {
        var job = change.Job;
        var output = change.Output is { } result
            ? new JobEventOutput(result.Id, result.Format, result.Width, result.Height, result.Bytes, result.Frames)
            : null;
        var error = job.Status == JobStatus.Failed && job.ErrorCode is not null
            ? new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? "")
            : null;
        return JsonSerializer.Serialize(new JobEventData(job.Id, job.Status.ToWire(), change.EventType, output, error, at), Json);
    }
}

/// <summary>A finished output, without its storage key (download URLs come from <c>GET /v1/jobs/{id}</c>).</summary>
public sealed record JobEventOutput(string Id, string Format, int Width, int Height, long Bytes, int Frames);
