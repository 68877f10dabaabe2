using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PixelFlow.Web.Session;

namespace PixelFlow.Web.Console;

/// <summary>One job event of a project (<c>GET /v1/events</c>): its sequence, type and the job it is about.</summary>
/// <param name="Status">The job's status as of the event (<c>queued</c>, <c>processing</c>, <c>succeeded</c>, …).</param>
/// <param name="Output">For <c>job.output_completed</c>: the finished output.</param>
/// <param name="Error">For a failed job: its error code and message.</param>
public sealed record ProjectEvent(long Sequence, string Type, Guid JobId, string Status, DateTimeOffset At, EventOutput? Output, EventError? Error)
{
    public bool IsTerminal => Type is "job.succeeded" or "job.failed" or "job.canceled";
}

public sealed record EventOutput(string Id, string Format, int Width, int Height, long Bytes, int Frames);

public sealed record EventError(string Code, string Message);

/// <summary>
/// Follows a project's job events live, as the API streams them (server-sent events, no polling), for the pages that
/// show state changing: the jobs list, a job's timeline, files turning ready. A dropped stream is resumed where it
/// stopped (<c>Last-Event-ID</c>), so no event is missed or repeated. Its HTTP client has no timeout and no retry
/// handler: a stream is meant to stay open, and resuming is done here, by sequence.
/// </summary>
public sealed class ProjectEventStream(HttpClient http, ConsoleSession session, ILogger<ProjectEventStream> logger)
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <param name="since">Replay events after this sequence (0: the whole log); null starts from now.</param>
    /// <param name="jobId">Only this job's events: its whole history, ending after its terminal event.</param>
    /// <param name="connected">Called each time the API has accepted the stream: from then on no event is missed, so a
    /// page can load what existed before and say it is live.</param>
    public async IAsyncEnumerable<ProjectEvent> FollowAsync(Guid projectId, long? since = null, Guid? jobId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default, Action? connected = null)
    {
        var path = jobId is { } job ? $"/v1/jobs/{job}/events" : "/v1/events";
        var last = since;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var request = ApiTransport.Request(HttpMethod.Get, path, null, await session.AccessTokenAsync(cancellationToken), projectId);
            if (last is { } after)
                request.Headers.Add("Last-Event-ID", after.ToString(System.Globalization.CultureInfo.InvariantCulture));

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                logger.LogInformation(e, "The event stream of project {Project} could not be opened; retrying", projectId);
                await Task.Delay(ReconnectDelay, cancellationToken);
                continue;
            }

            using (response = await ApiTransport.EnsureSuccessAsync(response, cancellationToken))
            {
                connected?.Invoke();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var enumerator = SseParser.Create(body, (type, data) => Parse(type, data)).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    ProjectEvent? next;
                    try
                    {
                        if (!await enumerator.MoveNextAsync())
                            break;
                        next = enumerator.Current.Data with { Sequence = long.Parse(enumerator.Current.EventId!, System.Globalization.CultureInfo.InvariantCulture) };
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        logger.LogInformation(e, "The event stream of project {Project} dropped; resuming after {Sequence}", projectId, last);
                        break;
                    }

                    last = next.Sequence;
                    yield return next;
                    if (jobId is not null && next.IsTerminal)
                        yield break;
                }

                await enumerator.DisposeAsync();
            }

            if (jobId is not null && last is not null && !cancellationToken.IsCancellationRequested)
                await Task.Delay(ReconnectDelay, cancellationToken); // the job stream ended without its terminal event: resume
        }
    }

    private static ProjectEvent Parse(string type, ReadOnlySpan<byte> data)
    {
        var body = JsonSerializer.Deserialize<EventBody>(data, ConsoleJson.Options)!;
        return new ProjectEvent(0, type, body.JobId, body.Status, body.At, body.Output, body.Error);
    }

    private sealed record EventBody(Guid JobId, string Status, DateTimeOffset At, EventOutput? Output, EventError? Error);
}
