using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PixelFlow.Api.Infrastructure.EntityConfigurations;

internal sealed class ProjectEntityTypeConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.Property(project => project.Name).HasMaxLength(200);
        builder.Property(project => project.WebhookSecret).HasMaxLength(128);
        builder.Property(project => project.PreviousWebhookSecret).HasMaxLength(128);
        builder.Property(project => project.AllowedDimensions).HasJsonConversion();
        builder.Property(project => project.WebhookUrl).HasMaxLength(2048);
        builder.HasMany(project => project.ApiKeys).WithOne(key => key.Project).HasForeignKey(key => key.ProjectId);
    }
}

internal sealed class ApiKeyEntityTypeConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(key => key.Prefix).HasMaxLength(32);
        builder.Property(key => key.Name).HasMaxLength(100);
        builder.HasIndex(key => key.Prefix).IsUnique();
    }
}

internal static class ProjectOwnedConfiguration
{
    /// <summary>The foreign key to the row's project, with no navigation either way.</summary>
    public static void BelongsToProject<T>(this EntityTypeBuilder<T> builder) where T : ProjectOwned =>
        builder.HasOne<Project>().WithMany().HasForeignKey(row => row.ProjectId);

    /// <summary>The index behind listing a project's rows newest first, by cursor (creation time, then id).</summary>
    public static void HasProjectListingIndex<T>(this EntityTypeBuilder<T> builder) where T : ProjectOwned =>
        builder.HasIndex(nameof(ProjectOwned.ProjectId), nameof(ProjectOwned.CreatedAt), "Id");
}
