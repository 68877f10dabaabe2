using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stripe;

namespace PixelFlow.Tests.Billing;

/// <summary>A request the stub received: its path and form fields (Stripe's API takes form-encoded bodies).</summary>
public sealed record StripeCall(string Path, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// Stands in for Stripe's API on 127.0.0.1 (Kestrel, an ephemeral port): it creates Checkout and customer-portal
/// sessions as Stripe answers them, and records what it was sent. The API under test talks to it through
/// <see cref="Client"/>; the real Stripe is never called.
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StripeStub(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/checkout/sessions", (HttpRequest request) => RecordAndAnswer(request, "cs_test", "checkout.session", "https://checkout.stripe.test/c/pay/"));
        app.MapPost("/v1/billing_portal/sessions", (HttpRequest request) => RecordAndAnswer(request, "bps_test", "billing_portal.session", "https://billing.stripe.test/p/session/"));
    }

    public ConcurrentQueue<StripeCall> Calls { get; } = new();

    /// <summary>Stripe.net's client, with this stub as its API base.</summary>
    public IStripeClient Client { get; private set; } = null!;

    public static async Task<StripeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new StripeStub(builder.Build());
        await stub._app.StartAsync();
        stub.Client = new StripeClient("sk_test_stub", httpClient: new SystemNetHttpClient(new HttpClient(), maxNetworkRetries: 0),
            apiBase: stub._app.Urls.Single().TrimEnd('/'));
        return stub;
    }

    private async Task<IResult> RecordAndAnswer(HttpRequest request, string idPrefix, string objectType, string urlPrefix)
    {
        var form = await request.ReadFormAsync();
        Calls.Enqueue(new StripeCall(request.Path.Value!, form.ToDictionary(field => field.Key, field => field.Value.ToString())));
        var id = $"{idPrefix}_{Guid.NewGuid():N}";
        return Results.Json(new Dictionary<string, object> { ["id"] = id, ["object"] = objectType, ["url"] = urlPrefix + id });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
