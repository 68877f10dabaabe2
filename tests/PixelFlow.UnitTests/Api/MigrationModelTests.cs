using Microsoft.EntityFrameworkCore;
using PixelFlow.Api.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>The entity model and the last migration's snapshot agree, so no schema change ships without a migration.</summary>
public sealed class MigrationModelTests
{
    [Fact]
    public void TheModelHasNoChangesTheMigrationsDoNotCover()
    {
        // Compares the model with the snapshot in memory; no database is contacted.
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().ShouldBeFalse();
    }
}
