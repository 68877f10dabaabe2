using Stripe;

namespace PixelFlow.Api.Billing;

public static class BillingExtensions
{
    /// <summary>Plans (validated at start-up), the quota gate, Stripe's client and its event handling.</summary>
    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BillingOptions>(BillingOptions.SectionName);
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        services.AddScoped<IStoredFilesMeter, JobFilesMeter>();
        services.AddSingleton<QuotaSources>();
        services.AddScoped<ProjectQuotas>();
        services.AddScoped<QuotaGate>();
        services.AddScoped<StripeEvents>();
        // Only called with billing enabled (the endpoints answer billing-disabled first). Tests replace it with a
        // client pointed at a loopback stub: the real Stripe API is never called from tests.
        services.AddSingleton<IStripeClient>(sp => new StripeClient(
            sp.GetRequiredService<IOptions<BillingOptions>>().Value.StripeSecretKey ?? "billing-disabled"));
        return builder;
    }
}
