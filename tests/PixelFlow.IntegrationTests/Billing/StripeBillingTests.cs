using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;
using Stripe;

namespace PixelFlow.Tests.Billing;

/// <summary>An API instance with billing enabled: Stripe's webhook secret, prices, and Stripe's client pointed at <see cref="StripeStub"/>.</summary>
public sealed class StripeBillingFixture(ServersFixture servers) : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_0123456789abcdef";
    public const string ProPrice = "price_test_pro";

    public StripeStub Stripe { get; private set; } = null!;
    public ApiInstance Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Stripe = await StripeStub.StartAsync();
        Api = new ApiInstance(servers, extraSettings: new Dictionary<string, string?>
        {
            ["Billing:StripeSecretKey"] = "sk_test_stub",
            ["Billing:WebhookSecret"] = WebhookSecret,
            ["Billing:CheckoutSuccessUrl"] = "https://app.example.test/billing/done",
            ["Billing:CheckoutCancelUrl"] = "https://app.example.test/billing",
            ["Billing:PortalReturnUrl"] = "https://app.example.test/billing",
            ["Billing:Plans:pro:StripePriceId"] = ProPrice,
        }, services: services => services.AddSingleton(Stripe.Client));
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>A user's email, and a client of the billing instance signed in as them.</summary>
public sealed record SignedInUser(string Email, HttpClient Client);

[Collection(WholeHostCollection.Name)]
public sealed class StripeBillingTests(ServersFixture servers, StripeBillingFixture billing) : IClassFixture<StripeBillingFixture>
{
    [Fact]
    public async Task AStripeSignedCheckoutCompletionUpgradesThePlanAndItsReplayChangesNothing()
    {
        var (user, userId) = await SignUpAsync();
        var payload = StripeSignedEvents.Event("checkout.session.completed",
            StripeSignedEvents.CheckoutSession(userId, "pro", $"cus_{Guid.NewGuid():N}", $"sub_{Guid.NewGuid():N}"));

        var first = await DeliverAsync(payload);
        (await PlanOfAsync(user)).ShouldBe("pro");
        // The operator moves the user back; a redelivery of the old event must not undo that.
        using var anonymous = billing.Api.CreateClient();
        (await Owners.AssignPlanAsync(anonymous, userId, "free")).EnsureSuccessStatusCode();
        var replay = await DeliverAsync(payload);

        first["replayed"]!.GetValue<bool>().ShouldBeFalse();
        replay["replayed"]!.GetValue<bool>().ShouldBeTrue();
        (await PlanOfAsync(user)).ShouldBe("free");
    }

    [Fact]
    public async Task ASubscriptionDeletedReturnsTheUserToTheDefaultPlan()
    {
        var (user, userId) = await SignUpAsync();
        var customer = $"cus_{Guid.NewGuid():N}";
        var subscription = $"sub_{Guid.NewGuid():N}";
        var bought = DateTimeOffset.UtcNow.AddMinutes(-1);
        await DeliverAsync(StripeSignedEvents.Event("checkout.session.completed",
            StripeSignedEvents.CheckoutSession(userId, "pro", customer, subscription), created: bought));

        await DeliverAsync(StripeSignedEvents.Event("customer.subscription.deleted",
            StripeSignedEvents.Subscription(subscription, customer, "canceled")));

        (await PlanOfAsync(user)).ShouldBe("free");
    }

    [Fact]
    public async Task ABadSignatureIs400AndChangesNothing()
    {
        var (user, userId) = await SignUpAsync();
        var payload = StripeSignedEvents.Event("checkout.session.completed",
            StripeSignedEvents.CheckoutSession(userId, "pro", $"cus_{Guid.NewGuid():N}", $"sub_{Guid.NewGuid():N}"));

        var response = await PostEventAsync(payload, StripeSignedEvents.SignatureHeader(payload, "whsec_someone_else"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/invalid-signature");
        (await PlanOfAsync(user)).ShouldBe("free");
    }

    [Fact]
    public async Task AnEventSignedMoreThanFiveMinutesAgoIs400()
    {
        var (user, userId) = await SignUpAsync();
        var payload = StripeSignedEvents.Event("checkout.session.completed",
            StripeSignedEvents.CheckoutSession(userId, "pro", $"cus_{Guid.NewGuid():N}", $"sub_{Guid.NewGuid():N}"));

        var response = await PostEventAsync(payload,
            StripeSignedEvents.SignatureHeader(payload, StripeBillingFixture.WebhookSecret, DateTimeOffset.UtcNow.AddMinutes(-6)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CheckoutCreatesASubscriptionSessionForThePlansPriceThatNamesTheUser()
    {
        var (user, userId) = await SignUpAsync();

        var response = await user.Client.PostAsJsonAsync("/v1/billing/checkout", new { plan = "pro" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var session = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        session["url"]!.GetValue<string>().ShouldStartWith("https://checkout.stripe.test/c/pay/cs_test_");
        var call = billing.Stripe.Calls.Single(c => c.Form.GetValueOrDefault("client_reference_id") == userId.ToString());
        call.Path.ShouldBe("/v1/checkout/sessions");
        call.Form["mode"].ShouldBe("subscription");
        call.Form["line_items[0][price]"].ShouldBe(StripeBillingFixture.ProPrice);
        call.Form["metadata[plan]"].ShouldBe("pro");
        call.Form["customer_email"].ShouldBe(user.Email);
    }

    [Fact]
    public async Task WithStripeThePlansWithAPriceAreListedAsSoldThroughCheckout()
    {
        var (user, _) = await SignUpAsync();

        var listing = (await user.Client.GetFromJsonAsync<JsonObject>("/v1/billing/plans"))!;

        listing["billing_enabled"]!.GetValue<bool>().ShouldBeTrue();
        var sold = listing["plans"]!.AsArray().Where(plan => plan!["checkout"]!.GetValue<bool>()).Select(plan => plan!["name"]!.GetValue<string>());
        sold.ShouldBe(["pro"]);
    }

    [Fact]
    public async Task APlanWithoutAStripePriceCannotBeBought()
    {
        var (user, userId) = await SignUpAsync();

        var response = await user.Client.PostAsJsonAsync("/v1/billing/checkout", new { plan = "free" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("plan");
    }

    [Fact]
    public async Task ThePortalOpensForTheUsersStripeCustomer()
    {
        var (user, userId) = await SignUpAsync();
        var customer = $"cus_{Guid.NewGuid():N}";
        (await user.Client.PostAsync("/v1/billing/portal", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await DeliverAsync(StripeSignedEvents.Event("checkout.session.completed",
            StripeSignedEvents.CheckoutSession(userId, "pro", customer, $"sub_{Guid.NewGuid():N}")));

        var response = await user.Client.PostAsync("/v1/billing/portal", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>().ShouldStartWith("https://billing.stripe.test/");
        billing.Stripe.Calls.ShouldContain(call => call.Path == "/v1/billing_portal/sessions" && call.Form["customer"] == customer);
    }

    /// <summary>A new user, signed in on the billing instance.</summary>
    private async Task<(SignedInUser User, Guid Id)> SignUpAsync()
    {
        var user = await servers.SignUpAsync();
        return (new SignedInUser(user.Email, user.ClientOn(billing.Api.CreateClient)), await user.IdAsync());
    }

    private async Task<JsonObject> DeliverAsync(string payload)
    {
        var response = await PostEventAsync(payload, StripeSignedEvents.SignatureHeader(payload, StripeBillingFixture.WebhookSecret));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<HttpResponseMessage> PostEventAsync(string payload, string signature)
    {
        using var client = billing.Api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }

    private static async Task<string> PlanOfAsync(SignedInUser user) =>
        (await user.Client.GetFromJsonAsync<JsonObject>("/v1/billing/account"))!["plan"]!.GetValue<string>();
}
