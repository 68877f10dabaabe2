using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PixelFlow.Api.Files;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

internal sealed class FileEntityTypeConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.BelongsToProject();
        builder.HasProjectListingIndex();
        builder.HasMany(file => file.Variants).WithOne().HasForeignKey(variant => variant.FileId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(file => file.Status).HasWireConversion(status => status.ToWire());
        builder.Property(file => file.Key).HasMaxLength(512);
        builder.Property(file => file.OriginalFilename).HasMaxLength(255);
        builder.Property(file => file.MediaType).HasMaxLength(64);
        builder.Property(file => file.ContentHash).HasMaxLength(64);
    }
}

internal sealed class FileVariantEntityTypeConfiguration : IEntityTypeConfiguration<FileVariant>
{
    public void Configure(EntityTypeBuilder<FileVariant> builder)
    {
        // One rendition per file and variant: what makes concurrent first requests start exactly one job.
        builder.HasKey(variant => new { variant.FileId, variant.Name });
        builder.Property(variant => variant.Name).HasMaxLength(64);
        builder.Property(variant => variant.Status).HasWireConversion(status => status.ToWire());
        builder.Property(variant => variant.DefinitionHash).HasMaxLength(64);
        builder.Property(variant => variant.Key).HasMaxLength(512);
        builder.Property(variant => variant.Format).HasMaxLength(16);
        builder.Property(variant => variant.ErrorCode).HasMaxLength(64);
        // The job-change handler finds a job's renditions.
        builder.HasIndex(variant => variant.JobId);
    }
}
