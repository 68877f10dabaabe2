using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Billing;

/// <summary>
/// Plans and Stripe (configuration section <c>Billing</c>). Without <see cref="StripeSecretKey"/> billing is disabled:
/// the Stripe endpoints answer <c>/problems/billing-disabled</c> and the operator assigns plans.
/// </summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>Plans by name (<c>Billing:Plans:{name}:{quota}</c>); names are what the API shows.</summary>
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The plan of a user without a billing record, and of projects without an owner.</summary>
    [Required]
    public string DefaultPlan { get; set; } = "free";

    /// <summary>Stripe's secret API key (<c>sk_…</c>); unset = billing disabled.</summary>
    public string? StripeSecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>); required with a Stripe key.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where Checkout sends the browser after a payment.</summary>
    public Uri? CheckoutSuccessUrl { get; set; }

    /// <summary>Where Checkout sends the browser when the user gives up.</summary>
    public Uri? CheckoutCancelUrl { get; set; }

    /// <summary>Where the customer portal's "return" link leads.</summary>
    public Uri? PortalReturnUrl { get; set; }

    public bool StripeEnabled => !string.IsNullOrEmpty(StripeSecretKey);

    /// <summary>The plan whose Stripe price is <paramref name="priceId"/>, if any.</summary>
    public string? PlanOfPrice(string? priceId) =>
        priceId is null ? null : Plans.FirstOrDefault(plan => plan.Value.StripePriceId == priceId).Key;
}

/// <summary>One plan: its quotas (null = unlimited) and, for paid plans, its Stripe price.</summary>
public sealed class PlanOptions
{
    [Range(0, long.MaxValue)]
    public long? StoredBytes { get; set; }

    [Range(0, long.MaxValue)]
    public long? ProcessedPixelsPerMonth { get; set; }

    [Range(0, long.MaxValue)]
    public long? Files { get; set; }

    /// <summary>The Stripe price (<c>price_…</c>) Checkout subscribes to; null = not sold through Checkout.</summary>
    public string? StripePriceId { get; set; }

    public long? Limit(QuotaKind kind) => kind switch
    {
        QuotaKind.StoredBytes => StoredBytes,
        QuotaKind.ProcessedPixelsPerMonth => ProcessedPixelsPerMonth,
        QuotaKind.Files => Files,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>Start-up checks that data annotations cannot express: the plans, and Stripe's settings as a whole.</summary>
public sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var failures = new List<string>();
        if (!options.Plans.ContainsKey(options.DefaultPlan))
        {
            failures.Add($"Billing:DefaultPlan '{options.DefaultPlan}' is not one of Billing:Plans ({string.Join(", ", options.Plans.Keys)}).");
        }

        foreach (var (plan, settings) in options.Plans)
        {
            if (!PlanNames.IsValid(plan))
            {
                failures.Add($"Billing:Plans:{plan}: {PlanNames.Rule}");
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(result => $"Billing:Plans:{plan}: {result.ErrorMessage}"));
            }
        }

        var prices = options.Plans.Values.Select(plan => plan.StripePriceId).OfType<string>().ToList();
        if (prices.Count != prices.Distinct(StringComparer.Ordinal).Count())
        {
            failures.Add("Billing:Plans: two plans share a StripePriceId; a subscription's price must name one plan.");
        }

        if (options.StripeEnabled)
        {
            if (string.IsNullOrEmpty(options.WebhookSecret))
            {
                failures.Add("Billing:WebhookSecret is required with Billing:StripeSecretKey (Stripe's events would go unverified).");
            }

            if (options.CheckoutSuccessUrl is null || options.CheckoutCancelUrl is null || options.PortalReturnUrl is null)
            {
                failures.Add("Billing:CheckoutSuccessUrl, CheckoutCancelUrl and PortalReturnUrl are required with Billing:StripeSecretKey.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What a plan may be called: it appears in URLs, metadata and the API's answers.</summary>
public static class PlanNames
{
    public const string Rule = "A plan name is 1–32 lowercase letters, digits or '-'.";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 32 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
