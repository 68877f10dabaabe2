using Npgsql;
using PixelFlow.Api.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class DatabaseConnectionsTests
{
    [Fact]
    public void TheApisConnectionsSkipTheResetOnReturnAndKeepEverythingTheAppHostSaid()
    {
        const string fromAppHost = "Host=localhost;Port=35105;Username=postgres;Password=secret;Database=pixelflow";

        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnections.WithoutSessionReset(fromAppHost));

        tuned.NoResetOnClose.ShouldBeTrue();
        (tuned.Host, tuned.Port, tuned.Username, tuned.Password, tuned.Database)
            .ShouldBe(("localhost", 35105, "postgres", "secret", "pixelflow"));
    }

    [Fact]
    public void AMissingConnectionStringStaysMissingForAspiresOwnCheckToReport() =>
        DatabaseConnections.WithoutSessionReset(null).ShouldBeNull();
}
