using Microsoft.EntityFrameworkCore.Design;

namespace PixelFlow.Api.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the API (which migrates on start).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PixelFlowDbContext>
{
    public PixelFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PixelFlowDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=pixelflow_design", npgsql => npgsql.MigrationsHistoryTable(PixelFlowDbContext.MigrationsHistoryTable))
            .Options);
}
