using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
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
    internal const string ChannelPrefix = "pixelflow:events:";

    private readonly Dictionary<JobChange, long> _sequences = new(ReferenceEqualityComparer.Instance);

    /// <summary>Redis channel announcing new events of one project; the message is the event's sequence.</summary>
    public static string ChannelFor(Guid projectId) => $"{ChannelPrefix}{projectId:N}";

    /// <summary>
    /// Takes the project's next <paramref name="count"/> event numbers and returns the last.
    /// The row lock taken by this UPDATE is held until the caller's transaction ends, so writers of one project
    /// take turns: sequence n+1 cannot commit before n, and a rolled-back writer gives its numbers back. Readers
    /// asking for "sequence &gt; last seen" therefore never skip an event that commits later.
    /// </summary>
    /// <remarks>
    /// Plain Npgsql on the context's connection and transaction, here and in <see cref="LockAndReadLogAsync"/>: these
    /// run for every event of every job, and EF's raw-SQL query pipeline cost more CPU than the statement (≈ 11 % of the
    /// API's samples in the multipart stream, 2026-11-30).
    /// </remarks>
    public static async Task<long> TakeSequencesAsync(PixelFlowDbContext db, Guid projectId, int count,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TakeSequencesSql, Connection(db), Transaction(db))
        {
            Parameters = { new() { Value = (long)count }, new() { Value = projectId } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string TakeSequencesSql =
        "UPDATE projects SET event_sequence = event_sequence + $1 WHERE id = $2 RETURNING event_sequence";

    /// <summary>
    /// Locks the project's event numbers (taking none), then reads the job's events already logged, in one round
    /// trip. The two are separate statements of one batch, run in order: under READ COMMITTED the read's snapshot is
    /// taken once the lock is held, so no writer of this project can have committed events it misses, and none can
    /// commit more until this transaction ends.
    /// </summary>
    private static async Task<List<LoggedEvent>> LockAndReadLogAsync(PixelFlowDbContext db, Guid projectId, Guid jobId,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(Connection(db), Transaction(db))
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(TakeSequencesSql) { Parameters = { new() { Value = 0L }, new() { Value = projectId } } },
                new NpgsqlBatchCommand("SELECT type, data FROM job_events WHERE job_id = $1") { Parameters = { new() { Value = jobId } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException($"Project {projectId} of job {jobId} does not exist.");
        await reader.NextResultAsync(cancellationToken);
        var logged = new List<LoggedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(0);
            logged.Add(new LoggedEvent(type, type == JobEventTypes.OutputCompleted ? JobEventData.OutputId(reader.GetString(1)) : null));
        }

        return logged;
    }

    private static NpgsqlConnection Connection(PixelFlowDbContext db) => (NpgsqlConnection)db.Database.GetDbConnection();

    /// <summary>The transaction the caller opened (these statements lock rows until it ends).</summary>
    private static NpgsqlTransaction Transaction(PixelFlowDbContext db) =>
        (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Event numbers are taken inside the transaction that saves the events."));

    public async Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken)
    {
        var job = change.Job;
        var logged = await LockAndReadLogAsync(db, job.ProjectId, job.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var events = JobEventLog.EventsFor(change, logged, now);
        if (events.Count == 0)
        {
            return;
        }

        var last = await TakeSequencesAsync(db, job.ProjectId, events.Count, cancellationToken);
        db.JobEvents.AddRange(events.Select((e, i) => new JobEvent
        {
            ProjectId = job.ProjectId,
            Sequence = last - events.Count + 1 + i,
            JobId = job.Id,
            Type = e.Type,
            Data = e.Data,
            CreatedAt = now,
        }));
        _sequences[change] = last;
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
            redis.GetSubscriber().Publish(RedisChannel.Literal(ChannelFor(projectId)), sequence, CommandFlags.FireAndForget);
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

    /// <param name="job">The job after the change.</param>
    /// <param name="type">One of <see cref="JobEventTypes"/>.</param>
    /// <param name="status">The job's status as of this event (an implied event precedes the job's current one).</param>
    /// <param name="output">For <see cref="JobEventTypes.OutputCompleted"/>.</param>
    /// <param name="at">When the event was recorded.</param>
    public static string Serialize(Job job, string type, JobStatus status, OutputResult? output, DateTimeOffset at)
    {
        var eventOutput = output is null
            ? null
            : new JobEventOutput(output.Id, output.Format, output.Width, output.Height, output.Bytes, output.Frames);
        var error = status == JobStatus.Failed && job.ErrorCode is not null
            ? new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? "")
            : null;
        return JsonSerializer.Serialize(new JobEventData(job.Id, status.ToWire(), type, eventOutput, error, at), Json);
    }

    /// <summary>The output id of a stored <see cref="JobEventTypes.OutputCompleted"/> body.</summary>
    public static string? OutputId(string data) => JsonSerializer.Deserialize<JobEventData>(data, Json)?.Output?.Id;
}

/// <summary>A finished output, without its storage key (download URLs come from <c>GET /v1/jobs/{id}</c>).</summary>
public sealed record JobEventOutput(string Id, string Format, int Width, int Height, long Bytes, int Frames);
