namespace PixelFlow.Api.Billing;

/// <summary><c>POST /v1/billing/checkout</c>'s body: the plan to subscribe to.</summary>
public sealed record PlanRequest(string? Plan);

/// <summary>Where to send the user's browser: a Checkout or customer-portal session.</summary>
public sealed record BillingSessionResponse(string Id, string Url);

/// <summary>A user's plan, its status and the quotas it gives each project the user owns (null = unlimited).</summary>
public sealed record BillingAccountResponse(Guid UserId, string Plan, string Status, bool HasStripeCustomer,
    IReadOnlyDictionary<string, long?> Quotas)
{
    public static BillingAccountResponse From(Guid userId, BillingAccount? account, BillingOptions options)
    {
        var plan = account?.Plan is { } chosen && options.Plans.ContainsKey(chosen) ? chosen : options.DefaultPlan;
        return new BillingAccountResponse(userId, plan, account?.Status ?? "default", account?.StripeCustomerId is not null,
            ProjectQuotas.AllKinds.ToDictionary(kind => kind.ToWire(), kind => options.Plans[plan].Limit(kind)));
    }
}

/// <summary><c>GET /v1/billing/plans</c>: every plan, in configuration order.</summary>
/// <param name="BillingEnabled">False without a Stripe key: the operator assigns plans, nothing is sold.</param>
/// <param name="DefaultPlan">The plan of a user who has not bought or been given another.</param>
public sealed record PlanListResponse(bool BillingEnabled, string DefaultPlan, IReadOnlyList<PlanResponse> Plans)
{
    public static PlanListResponse From(BillingOptions options) => new(options.StripeEnabled, options.DefaultPlan,
        options.Plans.Select(plan => new PlanResponse(plan.Key,
            ProjectQuotas.AllKinds.ToDictionary(kind => kind.ToWire(), kind => plan.Value.Limit(kind)),
            options.StripeEnabled && plan.Value.StripePriceId is not null)).ToList());
}

/// <summary>One plan: the quotas it gives each project its user owns (null = unlimited).</summary>
/// <param name="Checkout">It can be bought: <c>POST /v1/billing/checkout</c> with its name (Stripe enabled and the plan has a price).</param>
public sealed record PlanResponse(string Name, IReadOnlyDictionary<string, long?> Quotas, bool Checkout);

/// <summary><c>GET /v1/projects/{id}/usage</c>: the project's plan and each quota's limit, use and what remains.</summary>
public sealed record ProjectUsageResponse(Guid ProjectId, string Plan, DateTimeOffset PeriodStart,
    IReadOnlyDictionary<string, QuotaResponse> Quotas)
{
    public static ProjectUsageResponse From(ProjectQuotaReport report) => new(report.ProjectId, report.Plan, report.PeriodStart,
        report.Quotas.ToDictionary(quota => quota.Kind.ToWire(),
            quota => new QuotaResponse(quota.Limit, quota.Used, quota.Limit is { } limit ? Math.Max(0, limit - quota.Used) : null)));
}

/// <summary>One quota: null limit and remaining = unlimited.</summary>
public sealed record QuotaResponse(long? Limit, long Used, long? Remaining);
