using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Billing;

/// <summary>The shared API runs without a Stripe key: billing is disabled and the operator assigns plans.</summary>
public sealed class OperatorPlanTests(ServersFixture servers)
{
    [Theory]
    [InlineData("/v1/billing/checkout", """{"plan":"pro"}""")]
    [InlineData("/v1/billing/portal", "{}")]
    public async Task WithoutAStripeKeyTheBillingEndpointsAnswerBillingDisabled(string path, string body)
    {
        var user = await servers.SignUpAsync();

        var response = await user.Client.PostJsonAsync(path, body);

        response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/billing-disabled");
    }

    [Fact]
    public async Task WithoutAWebhookSecretStripeEventsAnswerBillingDisabled()
    {
        using var anonymous = servers.Api.CreateClient();

        var response = await anonymous.PostJsonAsync("/v1/billing/stripe/webhook", "{}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/billing-disabled");
    }

    [Fact]
    public async Task WithoutAStripeKeyThePlansAreListedWithTheirQuotasAndNoneIsSold()
    {
        var user = await servers.SignUpAsync();

        var listing = await user.Client.GetFromJsonAsync<JsonObject>("/v1/billing/plans");

        listing!["billing_enabled"]!.GetValue<bool>().ShouldBeFalse();
        listing["default_plan"]!.GetValue<string>().ShouldBe("free");
        var plans = listing["plans"]!.AsArray().Select(plan => plan!.AsObject()).ToList();
        plans.Select(plan => plan["name"]!.GetValue<string>()).ShouldContain("pro");
        plans.Single(plan => plan["name"]!.GetValue<string>() == "pro")["quotas"]!["files"]!.GetValue<long>().ShouldBe(BillingTestSettings.ProFiles);
        plans.ShouldAllBe(plan => !plan["checkout"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheOperatorPutsAUserOnAPlan()
    {
        var user = await servers.SignUpAsync();
        using var anonymous = servers.Api.CreateClient();

        var assigned = await Owners.AssignPlanAsync(anonymous, await user.IdAsync(), "pro");

        assigned.StatusCode.ShouldBe(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        var account = await user.Client.GetFromJsonAsync<JsonObject>("/v1/billing/account");
        account!["plan"]!.GetValue<string>().ShouldBe("pro");
    }

    [Fact]
    public async Task AWrongOperatorKeyIsUnauthorizedAndChangesNothing()
    {
        var user = await servers.SignUpAsync();
        using var anonymous = servers.Api.CreateClient();

        var refused = await Owners.AssignPlanAsync(anonymous, await user.IdAsync(), "pro", operatorKey: "not-the-operator-key-0123456789abcdefgh");

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var account = await user.Client.GetFromJsonAsync<JsonObject>("/v1/billing/account");
        account!["plan"]!.GetValue<string>().ShouldBe("free");
    }

    [Fact]
    public async Task AProjectsApiKeyIsNotTheOperator()
    {
        var project = await servers.CreateProjectAsync();
        var user = await servers.SignUpAsync();

        var refused = await project.Client.PutAsJsonAsync($"/v1/admin/users/{await user.IdAsync()}/plan", new { plan = "pro" });

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized); // the operator scheme knows one key only
    }

    [Fact]
    public async Task AnUnknownPlanIsAValidationProblem()
    {
        var user = await servers.SignUpAsync();
        using var anonymous = servers.Api.CreateClient();

        var refused = await Owners.AssignPlanAsync(anonymous, await user.IdAsync(), "platinum");

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("plan");
    }
}
