using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PixelFlow.Api.Webhooks;

/// <summary>Why an attempt failed, for logs and the <c>reason</c> tag of the failure counter.</summary>
public enum WebhookFailureReason
{
    None,

    /// <summary>The receiver answered with a non-2xx status (3xx included: redirects are not followed).</summary>
    HttpStatus,
    Timeout,
    Connection,

    /// <summary>The destination is not allowed (SSRF policy, or not an http/https URL); retrying cannot help.</summary>
    Blocked,
}

/// <summary>What one HTTP attempt came to.</summary>
public sealed record WebhookAttemptResult(int? StatusCode, string? Error, WebhookFailureReason Reason, TimeSpan Duration)
{
    public bool Delivered => Reason == WebhookFailureReason.None;
}

/// <summary>A message as it goes on the wire.</summary>
public sealed record WebhookMessage(string Id, string Url, string Body, IReadOnlyList<string> Secrets);

/// <summary>
/// Sends one webhook attempt. The connection is opened by <see cref="ConnectAsync"/>, which resolves the host, checks
/// every candidate address against <see cref="DestinationAddressPolicy"/> and connects to the address it checked:
/// there is no second lookup an attacker's DNS could answer differently (rebinding). Redirects and proxies are off,
/// since either would send the request somewhere that was not checked. The client is built here, not taken from
/// IHttpClientFactory, also so that ServiceDefaults' standard resilience handler never wraps it: retrying a POST inside
/// one attempt would bypass the delivery's retry schedule and its attempt log.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "PixelFlow-Webhooks/1";

    private readonly HttpClient _client;
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly TimeProvider _clock;

    public WebhookSender(IOptionsMonitor<WebhookOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<WebhookAttemptResult> SendAsync(WebhookMessage message, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        WebhookAttemptResult Result(int? status, string? error, WebhookFailureReason reason) =>
            new(status, error, reason, Stopwatch.GetElapsedTime(started));

        if (!Uri.TryCreate(message.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return Result(null, $"'{message.Url}' is not an http or https URL", WebhookFailureReason.Blocked);
        }

        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(message.Secrets, message.Id, timestamp, message.Body));
        request.Headers.UserAgent.ParseAdd(UserAgent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.CurrentValue.AttemptTimeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? Result(status, null, WebhookFailureReason.None)
                : Result(status, $"receiver answered {status} {response.ReasonPhrase}".TrimEnd(), WebhookFailureReason.HttpStatus);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return Result(null, $"no response within {_options.CurrentValue.AttemptTimeout.TotalSeconds:0.###} s", WebhookFailureReason.Timeout);
        }
        catch (HttpRequestException e) when (FindBlocked(e) is { } blocked)
        {
            return Result(null, blocked.Message, WebhookFailureReason.Blocked);
        }
        catch (HttpRequestException e)
        {
            return Result(null, Describe(e), WebhookFailureReason.Connection);
        }
    }

    /// <summary>Resolves, vets and connects: the checked address is the connected address.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowPrivate = _options.CurrentValue.AllowPrivateNetworks;
        var refusals = addresses.Select(address => (Address: address, Range: DestinationAddressPolicy.Refusal(address, allowPrivate))).ToList();
        var allowed = refusals.Where(candidate => candidate.Range is null).Select(candidate => candidate.Address).ToArray();
        if (allowed.Length == 0)
        {
            var (address, range) = refusals.FirstOrDefault();
            throw new BlockedDestinationException(range is null
                ? $"{host} has no address"
                : $"destination {address} is in a blocked range ({range.Name})");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static BlockedDestinationException? FindBlocked(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is BlockedDestinationException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    /// <summary>The innermost message is the useful one ("Connection refused (127.0.0.1:1234)").</summary>
    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, e) ? e.Message : $"{e.Message} ({inner.Message})";
    }

    public void Dispose() => _client.Dispose();

    private sealed class BlockedDestinationException(string message) : Exception(message);
}
