using Stripe;
using Stripe.Checkout;

namespace PixelFlow.Api.Billing;

/// <summary>How a verified Stripe event was taken.</summary>
public enum StripeEventOutcome
{
    /// <summary>Applied (or recorded as seen when it concerns nothing of ours).</summary>
    Applied,

    /// <summary>Its id was handled before: nothing changed.</summary>
    Replayed,
}

/// <summary>
/// Applies verified Stripe events to billing accounts. Each event id is recorded (<see cref="ProcessedStripeEvent"/>)
/// in the transaction that applies it, so a redelivery, or two concurrent deliveries, change an account once. Events
/// older than the last one applied to an account are recorded but not applied: Stripe does not deliver in order.
/// </summary>
public sealed class StripeEvents(PixelFlowDbContext db, IOptionsMonitor<BillingOptions> options, TimeProvider clock,
    QuotaSources quotaSources, ILogger<StripeEvents> logger)
{
    /// <summary>
    /// The Checkout session's (and subscription's) metadata key that names the plan bought: written by
    /// <see cref="BillingApi.CreateCheckout"/>, read back here when the session completes.
    /// </summary>
    public const string PlanMetadataKey = "plan";

    /// <summary>The buyer's user id, also in the metadata; the session's client_reference_id is what is read back.</summary>
    public const string UserIdMetadataKey = "user_id";

    /// <summary>Subscription statuses that end the paid plan (https://docs.stripe.com/billing/subscriptions/overview#subscription-statuses).</summary>
    private static readonly HashSet<string> EndedStatuses = ["canceled", "unpaid", "incomplete_expired"];

    public async Task<StripeEventOutcome> HandleAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Inserted first: a concurrent delivery of the same event waits on this row's unique key until we commit, then fails.
        db.Add(new ProcessedStripeEvent { Id = stripeEvent.Id, Type = stripeEvent.Type, ProcessedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return StripeEventOutcome.Replayed;
        }

        var occurredAt = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        var account = stripeEvent.Data.Object switch
        {
            Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted => await CheckoutCompletedAsync(session, cancellationToken),
            Subscription subscription when stripeEvent.Type == EventTypes.CustomerSubscriptionUpdated =>
                Apply(await FindAsync(subscription.Id, subscription.CustomerId, cancellationToken), occurredAt,
                    account => SubscriptionUpdated(account, subscription)),
            Subscription subscription when stripeEvent.Type == EventTypes.CustomerSubscriptionDeleted =>
                Apply(await FindAsync(subscription.Id, subscription.CustomerId, cancellationToken), occurredAt,
                    account => SubscriptionEnded(account, subscription.Status ?? "canceled")),
            // The plan stays while Stripe retries the payment; the subscription's update or deletion decides it.
            Invoice invoice when stripeEvent.Type == EventTypes.InvoicePaymentFailed =>
                Apply(await FindAsync(null, invoice.CustomerId, cancellationToken), occurredAt,
                    account => account.Status = "past_due"),
            _ => null,
        };
        if (account is not null && stripeEvent.Type == EventTypes.CheckoutSessionCompleted)
        {
            account.LastStripeEventAt = Max(account.LastStripeEventAt, occurredAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (account is not null)
        {
            quotaSources.PlanChanged(account.UserId);
        }

        logger.LogInformation("Stripe event {EventId} ({EventType}) {Effect}", stripeEvent.Id, stripeEvent.Type,
            account is null ? "concerns no billing account" : $"applied to user {account.UserId}: plan {account.Plan}, {account.Status}");
        return StripeEventOutcome.Applied;
    }

    /// <summary>
    /// The user (Checkout's client_reference_id) subscribed to the plan in the session's metadata. Applied whatever
    /// came before: completing Checkout is the user's latest decision.
    /// </summary>
    private async Task<BillingAccount?> CheckoutCompletedAsync(Session session, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!Guid.TryParse(session.ClientReferenceId, out var userId) ||
            session.Metadata?.GetValueOrDefault(PlanMetadataKey) is not { } plan || !settings.Plans.ContainsKey(plan) ||
            !await db.Users.AnyAsync(user => user.Id == userId, cancellationToken))
        {
            logger.LogWarning("Checkout session {SessionId} names no known user and plan; ignored", session.Id);
            return null;
        }

        var account = await db.BillingAccounts.SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (account is null)
        {
            account = new BillingAccount { UserId = userId, Plan = plan, Status = "active" };
            db.BillingAccounts.Add(account);
        }

        account.Plan = plan;
        account.Status = "active";
        account.StripeCustomerId = session.CustomerId ?? account.StripeCustomerId;
        account.StripeSubscriptionId = session.SubscriptionId ?? account.StripeSubscriptionId;
        account.UpdatedAt = clock.GetUtcNow();
        return account;
    }

    private void SubscriptionUpdated(BillingAccount account, Subscription subscription)
    {
        account.StripeSubscriptionId = subscription.Id;
        if (EndedStatuses.Contains(subscription.Status))
        {
            SubscriptionEnded(account, subscription.Status);
            return;
        }

        account.Status = subscription.Status;
        // A price no plan names (changed in Stripe's dashboard, not here) leaves the plan as it was.
        account.Plan = options.CurrentValue.PlanOfPrice(subscription.Items?.Data?.FirstOrDefault()?.Price?.Id) ?? account.Plan;
    }

    private void SubscriptionEnded(BillingAccount account, string status)
    {
        account.Plan = options.CurrentValue.DefaultPlan;
        account.Status = status;
        account.StripeSubscriptionId = null;
    }

    private Task<BillingAccount?> FindAsync(string? subscriptionId, string? customerId, CancellationToken cancellationToken) =>
        db.BillingAccounts
            .Where(account => (subscriptionId != null && account.StripeSubscriptionId == subscriptionId) ||
                              (customerId != null && account.StripeCustomerId == customerId))
            .OrderBy(account => account.UserId)
            .FirstOrDefaultAsync(cancellationToken);

    private BillingAccount? Apply(BillingAccount? account, DateTimeOffset occurredAt, Action<BillingAccount> change)
    {
        if (account is null || account.LastStripeEventAt > occurredAt)
        {
            return null;
        }

        change(account);
        account.LastStripeEventAt = occurredAt;
        account.UpdatedAt = clock.GetUtcNow();
        return account;
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
