using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace PixelFlow.Api.Events;

/// <summary>What one stream sends: a project's events, or one job's, after a sequence.</summary>
/// <param name="ProjectId">The caller's project.</param>
/// <param name="JobId">Only this job's events; the stream ends after its terminal event.</param>
/// <param name="After">Send events with a greater sequence.</param>
/// <param name="JobFinished">The job had finished when the stream opened: end once its history is sent, even
/// when the resume point is past the terminal event.</param>
public sealed record EventStreamQuery(Guid ProjectId, Guid? JobId, long After, bool JobFinished = false);

/// <summary>
/// A <c>text/event-stream</c> response. ASP.NET Core's <c>TypedResults.ServerSentEvents</c> cannot send comment
/// heartbeats nor react to wake-ups between items, so the frames are written here:
/// <c>id: sequence</c>, <c>event: type</c>, <c>data: json</c>, and <c>: heartbeat</c> while idle.
/// </summary>
public sealed class EventStreamResult(EventStreamQuery query) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public EventStreamQuery Query { get; } = query;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var db = services.GetRequiredService<PixelFlowDbContext>();
        var broadcaster = services.GetRequiredService<JobEventBroadcaster>();
        var options = services.GetRequiredService<IOptions<JobEventsOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<EventStreamResult>>();
        // End streams when the instance shuts down, or the host would wait for every client to leave.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = stop.Token;

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // nginx buffers proxied responses unless told otherwise.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Registered before the first read: a notification arriving while reading leaves the signal set, so the
        // wait below returns at once and the next read picks the event up.
        using var subscription = broadcaster.Subscribe(Query.ProjectId, Query.After);
        try
        {
            await response.StartAsync(cancellationToken);
            await response.BodyWriter.FlushAsync(cancellationToken);
            var nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
            while (true)
            {
                var batch = await ReadAsync(db, subscription.LastSequence, options.BatchSize, logger, cancellationToken);
                foreach (var jobEvent in batch)
                {
                    await response.BodyWriter.WriteAsync(Frame(jobEvent.Sequence, jobEvent.Type, jobEvent.Data), cancellationToken);
                    subscription.LastSequence = jobEvent.Sequence;
                    if (Query.JobId is not null && JobEventTypes.IsTerminal(jobEvent.Type))
                    {
                        return;
                    }
                }

                if (batch.Count > 0)
                {
                    nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
                    if (batch.Count == options.BatchSize)
                    {
                        continue;
                    }
                }

                if (Query.JobFinished)
                {
                    return;
                }

                var untilHeartbeat = nextHeartbeat - clock.GetUtcNow();
                var wait = untilHeartbeat < options.PollInterval ? untilHeartbeat : options.PollInterval;
                var woken = await subscription.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
                if (!woken && clock.GetUtcNow() >= nextHeartbeat)
                {
                    await response.BodyWriter.WriteAsync(Heartbeat, cancellationToken);
                    nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the instance is stopping; the client resumes with Last-Event-ID.
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [ContentType]));

    private async Task<List<StoredEvent>> ReadAsync(PixelFlowDbContext db, long after, int limit, ILogger logger,
        CancellationToken cancellationToken)
    {
        var events = db.JobEvents.AsNoTracking()
            .Where(jobEvent => jobEvent.ProjectId == Query.ProjectId && jobEvent.Sequence > after);
        if (Query.JobId is { } jobId)
        {
            events = events.Where(jobEvent => jobEvent.JobId == jobId);
        }

        try
        {
            return await events.OrderBy(jobEvent => jobEvent.Sequence).Take(limit)
                .Select(jobEvent => new StoredEvent(jobEvent.Sequence, jobEvent.Type, jobEvent.Data))
                .ToListAsync(cancellationToken);
        }
        catch (Npgsql.NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            // A database blip should not drop every stream: keep the connection and read again at the next poll.
            logger.LogWarning("Reading job events of project {ProjectId} failed ({Message}); retrying", Query.ProjectId, e.Message);
            return [];
        }
    }

    /// <summary>One SSE frame. Every line of the data gets its own <c>data:</c> field, as the format requires.</summary>
    internal static byte[] Frame(long sequence, string type, string data)
    {
        var frame = new StringBuilder(data.Length + 64)
            .Append("id: ").Append(sequence).Append('\n')
            .Append("event: ").Append(type).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
        {
            frame.Append("data: ").Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(frame.Append('\n').ToString());
    }

    private sealed record StoredEvent(long Sequence, string Type, string Data);
}
