using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Events;
using PixelFlow.Api.Usage;
using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

internal sealed class PresetEntityTypeConfiguration : IEntityTypeConfiguration<Preset>
{
    public void Configure(EntityTypeBuilder<Preset> builder)
    {
        builder.Property(preset => preset.Name).HasMaxLength(64);
        builder.Property(preset => preset.Output).HasJsonConversion();
        builder.BelongsToProject();
        builder.HasIndex(preset => new { preset.ProjectId, preset.Name }).IsUnique();
    }
}

internal sealed class JobEventEntityTypeConfiguration : IEntityTypeConfiguration<JobEvent>
{
    public void Configure(EntityTypeBuilder<JobEvent> builder)
    {
        builder.Property(jobEvent => jobEvent.Type).HasMaxLength(64);
        builder.Property(jobEvent => jobEvent.Data).HasColumnType("jsonb");
        builder.HasIndex(jobEvent => new { jobEvent.ProjectId, jobEvent.Sequence }).IsUnique();
        builder.HasIndex(jobEvent => new { jobEvent.JobId, jobEvent.Sequence });
    }
}

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasMany(delivery => delivery.AttemptLog).WithOne().HasForeignKey(attempt => attempt.DeliveryId);
        // The dispatcher's due deliveries; a job's deliveries.
        builder.HasIndex(delivery => new { delivery.Status, delivery.NextAttemptAt });
        builder.HasIndex(delivery => delivery.JobId);
        builder.Property(delivery => delivery.EventType).HasMaxLength(64);
        builder.Property(delivery => delivery.Url).HasMaxLength(2048);
        builder.Property(delivery => delivery.Status).HasMaxLength(16);
        builder.Property(delivery => delivery.Payload).HasColumnType("jsonb");
    }
}

internal sealed class WebhookAttemptEntityTypeConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(attempt => attempt.Error).HasMaxLength(1000);
    }
}

internal sealed class UsageRecordEntityTypeConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.Property(usage => usage.Outcome).HasMaxLength(16);
        builder.HasIndex(usage => usage.JobId).IsUnique();
        builder.HasIndex(usage => new { usage.ProjectId, usage.RecordedAt });
    }
}

internal sealed class CleanupRunEntityTypeConfiguration : IEntityTypeConfiguration<CleanupRun>
{
    public void Configure(EntityTypeBuilder<CleanupRun> builder)
    {
        // Derived from the times and the error, never stored.
        builder.Ignore(run => run.Status);
        // The endpoint lists the newest runs, optionally of one task.
        builder.HasIndex(run => new { run.Task, run.RequestedAt });
        builder.HasIndex(run => run.RequestedAt);
        builder.Property(run => run.Task).HasMaxLength(100);
        builder.Property(run => run.Trigger).HasMaxLength(20);
        builder.Property(run => run.Instance).HasMaxLength(200);
        builder.Property(run => run.Error).HasMaxLength(CleanupRun.MaxErrorLength);
    }
}
