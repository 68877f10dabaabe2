namespace PixelFlow.Api.Billing;

/// <summary>
/// A user's plan and its Stripe side. A user without one is on <see cref="BillingOptions.DefaultPlan"/>; every
/// project the user owns draws on this plan's quotas.
/// </summary>
public sealed class BillingAccount
{
    /// <summary>The status of a plan the operator assigned (no Stripe subscription behind it).</summary>
    public const string AssignedStatus = "assigned";

    public Guid UserId { get; set; }

    /// <summary>One of <see cref="BillingOptions.Plans"/>.</summary>
    public required string Plan { get; set; }

    /// <summary>Stripe's subscription status (<c>active</c>, <c>past_due</c>, <c>canceled</c>, …), or <c>assigned</c> for an operator's choice.</summary>
    public required string Status { get; set; }

    public string? StripeCustomerId { get; set; }
    public string? StripeSubscriptionId { get; set; }

    /// <summary>When the newest Stripe event applied to this account happened: older ones arriving late change nothing.</summary>
    public DateTimeOffset? LastStripeEventAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A Stripe event already handled. Inserted in the transaction that applies the event: a redelivered event hits
/// the primary key and changes nothing.
/// </summary>
public sealed class ProcessedStripeEvent
{
    /// <summary>Stripe's event id (<c>evt_…</c>).</summary>
    public required string Id { get; set; }

    public required string Type { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
