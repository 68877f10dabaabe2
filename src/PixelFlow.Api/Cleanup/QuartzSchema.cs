using System.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Quartz;

namespace PixelFlow.Api.Cleanup;

/// <summary>
/// Quartz's tables (<c>qrtz_*</c>), created at migration time from the script Quartz itself embeds for PostgreSQL (the
/// one its <c>SchemaProvisioning.CreateIfMissing</c> runs), not from an EF migration.
/// </summary>
/// <remarks>
/// Why not EF: the tables belong to the Quartz version, not to our model. Quartz 4.7.3's tables have columns the
/// published <c>tables_postgres.sql</c> lacks (retry policy, continuations, pause reasons), so a copy of any script would
/// go stale with the package; the embedded one is exact by construction. Every statement in it is guarded
/// (<c>IF NOT EXISTS</c>), so it runs on every start, under the replicas' migration lock, after EF's migrations; the
/// EF migrations stay pure generated code. Why not Quartz's own provisioning at scheduler start: an instance that does
/// not run the scheduler (<c>Cleanup:Enabled=false</c>) still stores operator runs, and tests start many schedulers
/// against one database at once. The store still validates the schema when its scheduler starts. A Quartz upgrade that
/// adds columns needs its migration script added here (Quartz's provisioning never alters a table).
/// </remarks>
public static class QuartzSchema
{
    /// <summary>Prefix of Quartz's tables; lower case, as Postgres folds the unquoted names Quartz sends.</summary>
    public const string TablePrefix = "qrtz_";

    private const string StatementSeparator = "\n--;;\n";

    internal const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The script with the table prefix in place ({0}: prefix, {1}: the same without a schema qualifier).</summary>
    public static string CreateScript()
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Quartz no longer embeds {ResourceName}: see QuartzSchema's remarks.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
    }

    /// <summary>The script's statements, without the chunks that are only comments (its header).</summary>
    internal static IEnumerable<string> Statements(string script) =>
        script.ReplaceLineEndings("\n").Split(StatementSeparator, StringSplitOptions.TrimEntries)
            .Where(chunk => chunk.Split('\n').Any(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)));

    /// <summary>Creates whatever of the schema is missing, on the context's open connection.</summary>
    public static async Task CreateAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        var connection = database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("Quartz's schema is created on the connection that holds the migration lock.");
        }

        // Statements are separated by a line reading exactly '--;;', as Quartz's own provisioning splits them.
        foreach (var statement in Statements(CreateScript()))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
