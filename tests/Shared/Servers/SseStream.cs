using System.Text;
using System.Text.Json.Nodes;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>One server-sent event, or a comment-only frame such as <c>: heartbeat</c>.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, IReadOnlyList<string> Comments, DateTimeOffset ReceivedAt)
{
    public long Sequence => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);

    public JsonObject Json => JsonNode.Parse(Data!)!.AsObject();

    public bool IsEvent => Event is not null || Data is not null;
}

/// <summary>Reads an open <c>text/event-stream</c> response frame by frame, as it arrives.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>GETs <paramref name="path"/>, returning as soon as the headers arrive (the body keeps streaming).</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return new SseStream(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The next frame, or null when the server closed the stream; fails after <paramref name="timeout"/>.</summary>
    public async Task<SseFrame?> ReadFrameAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        string? id = null, type = null;
        var data = new List<string>();
        var comments = new List<string>();
        while (await _reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is null && type is null && data.Count == 0 && comments.Count == 0)
                {
                    continue;
                }

                return new SseFrame(id, type, data.Count == 0 ? null : string.Join('\n', data), comments, DateTimeOffset.UtcNow);
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].TrimStart());
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
            }
        }

        return null;
    }

    /// <summary>Events (heartbeats skipped) until one matches <paramref name="last"/> or the stream ends.</summary>
    public async Task<List<SseFrame>> ReadEventsUntilAsync(Func<SseFrame, bool> last, TimeSpan timeout)
    {
        var events = new List<SseFrame>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (await ReadFrameAsync(deadline - DateTimeOffset.UtcNow) is { } frame)
        {
            if (!frame.IsEvent)
            {
                continue;
            }

            events.Add(frame);
            if (last(frame))
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Every event until the server closes the stream.</summary>
    public Task<List<SseFrame>> ReadToEndAsync(TimeSpan timeout) => ReadEventsUntilAsync(_ => false, timeout);

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
