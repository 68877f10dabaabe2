using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PixelFlow.Api.Billing;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

internal sealed class BillingAccountEntityTypeConfiguration : IEntityTypeConfiguration<BillingAccount>
{
    public void Configure(EntityTypeBuilder<BillingAccount> builder)
    {
        builder.HasKey(account => account.UserId);
        builder.Property(account => account.Plan).HasMaxLength(32);
        builder.Property(account => account.Status).HasMaxLength(32);
        builder.Property(account => account.StripeCustomerId).HasMaxLength(255);
        builder.Property(account => account.StripeSubscriptionId).HasMaxLength(255);
        // Stripe's subscription and invoice events name the customer or subscription, not our user.
        builder.HasIndex(account => account.StripeCustomerId).IsUnique().HasFilter("stripe_customer_id IS NOT NULL");
        builder.HasIndex(account => account.StripeSubscriptionId).IsUnique().HasFilter("stripe_subscription_id IS NOT NULL");
        builder.HasOne<User>().WithOne().HasForeignKey<BillingAccount>(account => account.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedStripeEventEntityTypeConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> builder)
    {
        builder.HasKey(stripeEvent => stripeEvent.Id);
        builder.Property(stripeEvent => stripeEvent.Id).HasMaxLength(255);
        builder.Property(stripeEvent => stripeEvent.Type).HasMaxLength(128);
    }
}
