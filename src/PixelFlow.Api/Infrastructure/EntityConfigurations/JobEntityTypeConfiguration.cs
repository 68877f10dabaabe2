using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PixelFlow.Api.Outbox;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

internal sealed class JobEntityTypeConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.Property(job => job.Status).HasWireConversion(status => status.ToWire());
        builder.Property(job => job.SourceType).HasMaxLength(32);
        builder.Property(job => job.SourceKey).HasMaxLength(512);
        builder.Property(job => job.WebhookUrl).HasMaxLength(2048);
        builder.Property(job => job.ErrorCode).HasMaxLength(64);
        builder.Property(job => job.Outputs).HasJsonConversion();
        builder.Property(job => job.Results).HasJsonConversion();
        builder.Property(job => job.OutputKeys).HasJsonConversion();
        builder.Property(job => job.Source).HasJsonConversion();
        builder.Property(job => job.Warnings).HasJsonConversion();
        builder.BelongsToProject();
        // Writers of a job take turns on its row lock (PixelFlowDbContext.LockJobAsync, FOR UPDATE); the row version
        // (Postgres' xmin) makes a save of a job read without that lock fail instead of overwriting a newer state.
        builder.Property<uint>("Version").IsRowVersion();
        builder.HasProjectListingIndex();
        builder.Property(job => job.IdempotencyKey).HasMaxLength(255);
        builder.Property(job => job.RequestHash).HasMaxLength(64);
        builder.HasIndex(job => new { job.ProjectId, job.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
    }
}

internal sealed class OutboxMessageEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(message => message.Destination).HasMaxLength(256);
        builder.Property(message => message.MessageType).HasMaxLength(256);
        builder.Property(message => message.TraceParent).HasMaxLength(128);
        builder.Property(message => message.Payload).HasColumnType("jsonb");
        builder.HasIndex(message => message.NextAttemptAt);
    }
}
