using PixelFlow.Api.Billing;
using Shouldly;

namespace PixelFlow.Tests.Billing;

public sealed class BillingOptionsTests
{
    private static BillingOptions Plans(params (string Name, PlanOptions Plan)[] plans) => new()
    {
        Plans = plans.ToDictionary(plan => plan.Name, plan => plan.Plan),
    };

    private static IEnumerable<string> Failures(BillingOptions options) =>
        new BillingOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void ADefaultPlanThatIsNotConfiguredIsRefusedNamingThePlans() =>
        Failures(Plans(("pro", new PlanOptions()))).ShouldHaveSingleItem().ShouldContain("'free' is not one of Billing:Plans (pro)");

    [Fact]
    public void AStripeKeyWithoutAWebhookSecretOrUrlsIsRefused()
    {
        var options = Plans(("free", new PlanOptions()));
        options.StripeSecretKey = "sk_test_x";

        var failures = Failures(options).ToList();

        failures.ShouldContain(failure => failure.Contains("Billing:WebhookSecret is required"));
        failures.ShouldContain(failure => failure.Contains("CheckoutSuccessUrl"));
    }

    [Fact]
    public void TwoPlansSellingOnePriceAreRefused() =>
        Failures(Plans(("free", new PlanOptions()), ("pro", new PlanOptions { StripePriceId = "price_1" }),
                ("team", new PlanOptions { StripePriceId = "price_1" })))
            .ShouldHaveSingleItem().ShouldContain("share a StripePriceId");

    [Fact]
    public void ANegativeQuotaAndAnUnsafePlanNameAreRefused()
    {
        var failures = Failures(Plans(("free", new PlanOptions { Files = -1 }), ("Pro Plan", new PlanOptions()))).ToList();

        failures.ShouldContain(failure => failure.StartsWith("Billing:Plans:free:"));
        failures.ShouldContain(failure => failure.StartsWith("Billing:Plans:Pro Plan:"));
    }

    [Fact]
    public void APlanIsFoundByItsStripePrice() =>
        Plans(("free", new PlanOptions()), ("pro", new PlanOptions { StripePriceId = "price_pro" })).PlanOfPrice("price_pro").ShouldBe("pro");

    [Fact]
    public void TheMonthlyPixelPeriodStartsOnTheFirstOfTheUtcMonth() =>
        ProjectQuotas.MonthStart(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.FromHours(2)))
            .ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AJobNeedsAFilePerOutputPlusItsSourceAndAtLeastOneByteAndPixel() =>
        QuotaGate.ForJob(outputs: 3, sourceBytes: null).ShouldBe([
            new QuotaDemand(QuotaKind.Files, 4), new QuotaDemand(QuotaKind.StoredBytes, 1), new QuotaDemand(QuotaKind.ProcessedPixelsPerMonth, 1)]);
}
