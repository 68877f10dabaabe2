using Npgsql;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// Which database errors are worth trying again: the connection dropped, the server is restarting or refuses
/// connections for now. One predicate for every place that retries (message consumers, the create and start paths,
/// the recovery sweep), so they agree on what a blip is.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsTransient(Exception exception)
    {
        // The chain is walked because the error rarely arrives bare: with retries off, EF Core's Npgsql execution
        // strategy wraps it in an InvalidOperationException ("likely due to a transient failure"), SaveChanges in a
        // DbUpdateException. A filter that matched the outer type only parked a JobSucceeded during a Postgres restart.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres when postgres.IsTransient || IsShutdownOrConnectionState(postgres.SqlState):
                    return true;
                case PostgresException:
                    // The server answered: a constraint, a syntax error. Running it again gives the same answer.
                    return false;
                case NpgsqlException:
                    // Not from the server itself: the socket, a timeout, a broken pool connection.
                    return true;
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>A save refused by a unique index or primary key: a concurrent writer inserted the same row first.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Class 08 (connection exception) and 57P0x (admin/crash shutdown, cannot connect now).</summary>
    private static bool IsShutdownOrConnectionState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("57P0", StringComparison.Ordinal);
}
