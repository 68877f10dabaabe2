using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Webhooks;

/// <summary>Webhook delivery settings (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>How long the previous secret keeps signing (as a second signature) after a rotation.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Limit of one HTTP attempt, connect to last response byte.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Lets deliveries reach loopback, private, CGNAT, link-local and unique-local addresses (local development
    /// only). Off by default: a webhook URL is chosen by the API caller and must not reach the service's network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Delays between attempts, replacing <see cref="WebhookRetrySchedule.DefaultDelays"/> (tests use fractions of
    /// a second). Null = the documented default.
    /// </summary>
    public double[]? RetryScheduleSeconds { get; set; }

    /// <summary>Each delay is scaled by a random factor in [1 − jitter, 1 + jitter], so retries of many deliveries
    /// to one recovering receiver do not arrive in lockstep.</summary>
    [Range(0.0, 0.5)]
    public double RetryJitter { get; set; } = WebhookRetrySchedule.DefaultJitter;

    /// <summary>Deliveries one instance sends at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentAttempts { get; set; } = 16;

    public WebhookRetrySchedule Schedule =>
        new(RetryScheduleSeconds is { } seconds ? [.. seconds.Select(TimeSpan.FromSeconds)] : WebhookRetrySchedule.DefaultDelays,
            RetryJitter);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryScheduleSeconds is { } seconds && seconds.Any(delay => delay < 0 || double.IsNaN(delay) || delay > 7 * 24 * 3600))
        {
            yield return new ValidationResult("Every retry delay must be between 0 and 604800 seconds.", [nameof(RetryScheduleSeconds)]);
        }
    }
}
