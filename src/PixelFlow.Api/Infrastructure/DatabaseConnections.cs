using Npgsql;

namespace PixelFlow.Api.Infrastructure;

/// <summary>How the API's pooled Postgres connections are configured beyond what the AppHost's connection string says.</summary>
public static class DatabaseConnections
{
    /// <summary>
    /// The connection string with Npgsql's reset on return to the pool turned off. By default every pooled connection
    /// runs <c>DISCARD ALL</c> when it is next used, which made Postgres spend more on resets than on a job create's
    /// insert (328 µs of Postgres CPU per create with it, 212 without, in <c>bench/api.sh</c>'s POST load). Nothing
    /// here leaves session state on a connection: locks are transaction-scoped (the recovery sweep) or released in a
    /// <c>finally</c> (the migration lock), and nothing uses <c>SET</c>, temporary tables or <c>LISTEN</c>.
    /// </summary>
    public static string? WithoutSessionReset(string? connectionString) =>
        connectionString is null ? null : new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
}
