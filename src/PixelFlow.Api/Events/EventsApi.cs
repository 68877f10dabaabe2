using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Events;

/// <summary>
/// Realtime job events as server-sent events. Each event is <c>id: &lt;sequence&gt;</c> (per project, gap-free),
/// <c>event: &lt;type&gt;</c> and <c>data: &lt;json&gt;</c>; idle streams send <c>: heartbeat</c> comments.
/// Reconnecting with <c>Last-Event-ID</c> (or <c>?last_event_id=</c>) sends exactly the events after that id.
/// </summary>
public static class EventsApi
{
    private const string ResumeDescription =
        " Resume with the Last-Event-ID header (or ?last_event_id=N, or ?since=N): exactly the events after N are sent," +
        " none missing, none repeated. Idle streams send a ': heartbeat' comment.";

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("Events").RequireAuthorization();
        api.MapGet("/jobs/{jobId:guid}/events", StreamJobEvents)
            .WithName("StreamJobEvents")
            .WithSummary("A job's events as server-sent events")
            .WithDescription("Starts with the job's whole history, then follows it live; the stream ends after the " +
                             "job's terminal event (job.succeeded, job.failed or job.canceled)." + ResumeDescription);
        api.MapGet("/events", StreamProjectEvents)
            .WithName("StreamProjectEvents")
            .WithSummary("The project's job events as server-sent events")
            .WithDescription("Starts from now (?since=0 replays the whole log) and never ends on its own." + ResumeDescription);
        return api;
    }

    public static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> StreamJobEvents(
        Guid jobId, ClaimsPrincipal user, [AsParameters] ResumePoint resume, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        if (!resume.TryRead(out var after, out var invalid))
        {
            return invalid;
        }

        var projectId = user.ProjectId();
        var status = await db.Jobs.AsNoTracking()
            .Where(job => job.Id == jobId && job.ProjectId == projectId)
            .Select(job => (JobStatus?)job.Status)
            .SingleOrDefaultAsync(cancellationToken);
        if (status is null)
        {
            return ProblemResults.NotFound($"No job {jobId} in this project.");
        }

        return new EventStreamResult(new EventStreamQuery(projectId, jobId, after ?? 0, status.Value.IsTerminal()));
    }

    public static async Task<Results<EventStreamResult, ValidationProblem>> StreamProjectEvents(
        ClaimsPrincipal user, [AsParameters] ResumePoint resume, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        if (!resume.TryRead(out var after, out var invalid))
        {
            return invalid;
        }

        var projectId = user.ProjectId();
        after ??= await db.Projects.Where(project => project.Id == projectId)
            .Select(project => project.EventSequence)
            .SingleAsync(cancellationToken);
        return new EventStreamResult(new EventStreamQuery(projectId, null, after.Value));
    }

    /// <summary>Where a stream starts: the header wins, as EventSource reconnects with the original URL plus it.</summary>
    public sealed class ResumePoint
    {
        [FromHeader(Name = "Last-Event-ID")]
        public string? LastEventIdHeader { get; init; }

        [FromQuery(Name = "last_event_id")]
        public string? LastEventId { get; init; }

        [FromQuery(Name = "since")]
        public string? Since { get; init; }

        public bool TryRead(out long? after, [NotNullWhen(false)] out ValidationProblem? invalid)
        {
            (string Field, string? Value) given = LastEventIdHeader is not null ? ("Last-Event-ID", LastEventIdHeader)
                : LastEventId is not null ? ("last_event_id", LastEventId)
                : ("since", Since);
            after = null;
            invalid = null;
            if (given.Value is null)
            {
                return true;
            }

            if (long.TryParse(given.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                after = sequence;
                return true;
            }

            invalid = ProblemResults.Validation(new Dictionary<string, string[]>
            {
                [given.Field] = ["Must be an event id: a whole number of 0 or more."],
            });
            return false;
        }
    }
}
