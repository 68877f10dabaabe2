using PixelFlow.Api.Webhooks;
using Shouldly;

namespace PixelFlow.Tests.Webhooks;

public sealed class WebhookSigningAndScheduleTests
{
    // The Standard Webhooks test vector (published with the spec's reference libraries).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void SignaturesReproduceTheStandardWebhooksTestVector()
    {
        WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody).ShouldBe(VectorSignature);
        StandardWebhooksVerifier.Verifies(VectorSecret, VectorId, VectorTimestamp.ToString(), VectorBody, VectorSignature).ShouldBeTrue();
        StandardWebhooksVerifier.Verifies(VectorSecret, VectorId, VectorTimestamp.ToString(), VectorBody + " ", VectorSignature).ShouldBeFalse();
    }

    [Fact]
    public void NewSecretsAreWhsecPrefixedBase64Of32RandomBytes()
    {
        var secret = WebhookSignature.NewSecret();

        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        WebhookSignature.NewSecret().ShouldNotBe(secret);
    }

    [Fact]
    public void AHeaderForTwoSecretsCarriesOneSignatureEachThatVerifiesAlone()
    {
        var (current, previous) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());

        var header = WebhookSignature.Header([current, previous], "id1", 1700000000, "{}");

        header.Split(' ').Length.ShouldBe(2);
        header.Split(' ').ShouldAllBe(entry => entry.StartsWith("v1,"));
        StandardWebhooksVerifier.Verifies(current, "id1", "1700000000", "{}", header).ShouldBeTrue();
        StandardWebhooksVerifier.Verifies(previous, "id1", "1700000000", "{}", header).ShouldBeTrue();
        StandardWebhooksVerifier.Verifies(WebhookSignature.NewSecret(), "id1", "1700000000", "{}", header).ShouldBeFalse();
    }

    [Fact]
    public void TheDefaultScheduleRetriesForMoreThanADayEvenWithTheShortestJitter()
    {
        var schedule = new WebhookOptions().Schedule;

        schedule.MaxAttempts.ShouldBe(12);
        var shortest = Enumerable.Range(1, schedule.MaxAttempts - 1).Sum(attempt => schedule.DelayAfter(attempt, 0)!.Value.TotalHours);
        var nominal = schedule.Delays.Sum(delay => delay.TotalHours);
        shortest.ShouldBeGreaterThan(24);
        shortest.ShouldBe(nominal * 0.8, 1e-6);
        schedule.DelayAfter(schedule.MaxAttempts, 0.5).ShouldBeNull();
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 30)]
    [InlineData(3, 120)]
    [InlineData(11, 28800)]
    public void EachDelayStaysWithinTwentyPercentOfItsNominalValue(int attempt, double nominalSeconds)
    {
        var schedule = new WebhookOptions().Schedule;

        schedule.DelayAfter(attempt, 0)!.Value.TotalSeconds.ShouldBe(nominalSeconds * 0.8, 1e-3);
        schedule.DelayAfter(attempt, 0.5)!.Value.TotalSeconds.ShouldBe(nominalSeconds, 1e-3);
        schedule.DelayAfter(attempt, 0.999999)!.Value.TotalSeconds.ShouldBe(nominalSeconds * 1.2, nominalSeconds * 1e-5);
    }

    [Fact]
    public void AConfiguredScheduleReplacesTheDefault()
    {
        var schedule = new WebhookOptions { RetryScheduleSeconds = [0.1, 0.2], RetryJitter = 0 }.Schedule;

        schedule.MaxAttempts.ShouldBe(3);
        schedule.DelayAfter(2, 0.3).ShouldBe(TimeSpan.FromSeconds(0.2));
        schedule.DelayAfter(3, 0.3).ShouldBeNull();
    }
}
