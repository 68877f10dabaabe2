using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

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
