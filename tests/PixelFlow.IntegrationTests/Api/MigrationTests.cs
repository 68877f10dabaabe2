using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>The API's start-up migration against the real Postgres of the shared servers.</summary>
public sealed class MigrationTests(ServersFixture servers)
{
    /// <summary>
    /// The AppHost starts two API replicas at once on a fresh database. EF's own lock let both apply the second
    /// migration in most rounds of this test before the replicas took turns (see MigrateOneAtATimeAsync).
    /// </summary>
    [Fact]
    public async Task TwoReplicasMigratingAFreshDatabaseTogetherBothSucceed()
    {
        var server = new NpgsqlConnectionStringBuilder(servers.Api.Services.GetRequiredService<IConfiguration>()
            .GetConnectionString(Extensions.DatabaseConnectionName));
        for (var round = 0; round < 3; round++)
        {
            var database = $"migration_race_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE {database}");
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
                await using var first = Replica(connectionString);
                await using var second = Replica(connectionString);

                await Task.WhenAll(first.Database.MigrateOneAtATimeAsync(default), second.Database.MigrateOneAtATimeAsync(default));

                (await first.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            }
            finally
            {
                await ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
            }
        }
    }

    /// <summary>
    /// The API's connections keep their session when the pool hands them out again (DatabaseConnections), so a failed
    /// migration must not leave its session lock on one: every other replica would wait for that lock forever.
    /// </summary>
    [Fact]
    public async Task AFailedMigrationLeavesNoLockBehindOnTheApisPooledConnections()
    {
        var server = new NpgsqlConnectionStringBuilder(servers.Api.Services.GetRequiredService<IConfiguration>()
            .GetConnectionString(Extensions.DatabaseConnectionName));
        var database = $"migration_failed_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            var inDatabase = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database };
            // A table in the way of the first migration's: the migration fails on a healthy connection.
            await ExecuteAsync(inDatabase, "CREATE TABLE jobs (in_the_way int)", database);
            await using (var replica = Replica(DatabaseConnections.WithoutSessionReset(inDatabase.ConnectionString)!))
            {
                var failure = await Should.ThrowAsync<PostgresException>(() => replica.Database.MigrateOneAtATimeAsync(default));
                failure.SqlState.ShouldBe(PostgresErrorCodes.DuplicateTable);
            }

            // The failed replica's connection is back in its pool with its session open; another session (another
            // replica) must get the lock at once.
            await using var otherReplica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(inDatabase.ConnectionString) { Pooling = false }.ConnectionString);
            await otherReplica.OpenAsync();
            await using var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Extensions.MigrationLockKey})", otherReplica);
            (await tryLock.ExecuteScalarAsync()).ShouldBe(true);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    private static PixelFlowDbContext Replica(string connectionString) =>
        new(new DbContextOptionsBuilder<PixelFlowDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(PixelFlowDbContext.MigrationsHistoryTable))
            .Options);

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder server, string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
