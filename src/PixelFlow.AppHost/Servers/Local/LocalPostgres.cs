using Npgsql;

namespace PixelFlow.AppHost.Servers.Local;

/// <summary>Debian's PostgreSQL run by the AppHost, as user postgres when the AppHost runs as root.</summary>
internal sealed class LocalPostgresResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory)
{
    // Local connections are trusted (initdb --auth=trust) and the server listens on loopback only.
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres");
}

/// <summary>A database of <see cref="LocalPostgresResource"/>, created when the server is ready.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public string DatabaseName => databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={databaseName}");
}

internal static class LocalPostgres
{
    /// <summary>setpriv's arguments for running a command as user postgres (when the AppHost runs as root).</summary>
    private static readonly string[] AsUserPostgres = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--"];

    public static IResourceBuilder<LocalPostgresDatabaseResource> Add(IDistributedApplicationBuilder builder, LocalServerOptions options)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().FirstOrDefault(Directory.Exists)
            : null;
        var postgres = LocalServerOptions.RequireFile("PostgreSQL", Path.Combine(bin ?? "/usr/lib/postgresql/15/bin", "postgres"));
        var home = ReachableByPostgres(options.For("postgres"));
        var data = Path.Combine(home, "data");

        // Postgres refuses to run as root: setpriv switches user in place (no fork), so DCP's signals reach it.
        var asRoot = Environment.IsPrivilegedProcess;
        var server = builder.AddLocalServer(new LocalPostgresResource("postgres", asRoot ? "setpriv" : postgres, home), "DatabaseMultiple");
        server.WithArgs(context =>
        {
            context.Args.AddAll([.. asRoot ? [.. AsUserPostgres, postgres] : (string[])[], "-D", data, "-k", home,
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-p", server.Resource.TargetPort]);
            if (!options.Durable)
            {
                // Not durable against a machine crash (nothing is flushed to disk), but a commit still reaches
                // the OS before it returns (synchronous_commit stays on), so a killed server loses no committed
                // row: the fault-injection tests restart Postgres with an immediate shutdown.
                context.Args.AddAll("-c", "fsync=off", "-c", "full_page_writes=off");
            }
        });

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server.Resource, (_, ct) =>
            InitializeClusterAsync(Path.GetDirectoryName(postgres)!, data, asRoot, ct));

        // Query round trips (AspNetCore.HealthChecks.NpgSql, as Aspire's own Postgres uses): Postgres accepts
        // connections while it starts and recovers, and refuses queries until it is ready.
        var serverConnection = LocalHealthChecks.ConnectionStringOf(builder, server.Resource);
        server.WithLocalHealthCheck((checks, name) => checks.AddNpgSql(services => serverConnection(services) + ";Database=postgres", name: name));

        var database = builder.AddResource(new LocalPostgresDatabaseResource(PixelFlowServers.DatabaseName, "pixelflow", server.Resource))
            .WithIconName("Database");
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (_, ct) =>
        {
            var connectionString = await server.Resource.ConnectionStringExpression.GetValueAsync(ct);
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database.Resource.DatabaseName } },
            };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Resource.DatabaseName}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        });
        LocalHealthChecks.MirrorStateToChild(builder, server.Resource, database.Resource);
        var databaseConnection = LocalHealthChecks.ConnectionStringOf(builder, database.Resource);
        return database.WithLocalHealthCheck((checks, name) => checks.AddNpgSql(databaseConnection, name: name));
    }

    /// <summary>
    /// The folder postgres runs in. As root it must belong to user postgres, who must be able to reach it: a checkout
    /// under a private folder (a CI clone in <c>mktemp -d</c>, a home folder) gets one under /var/tmp instead.
    /// </summary>
    private static string ReachableByPostgres(string preferred)
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return preferred;
        }

        var home = AncestorsTraversableByOthers(preferred)
            ? preferred
            : Directory.CreateDirectory(Path.Combine("/var/tmp",
                $"pixelflow-postgres-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(preferred)))[..12]}")).FullName;
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Chown(home);
        return home;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool AncestorsTraversableByOthers(string directory)
    {
        for (var d = Directory.GetParent(directory); d is not null; d = d.Parent)
        {
            if (!File.GetUnixFileMode(d.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    // The folder only: what is inside it initdb and postgres create as user postgres (a recursive chown would walk the
    // whole database at every start).
    private static void Chown(string path) => Run("chown", ["postgres:postgres", path]);

    private static async Task InitializeClusterAsync(string bin, string data, bool asRoot, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true); // a half-made cluster from an interrupted first run
        }

        string[] initdb = [Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"];
        await Task.Run(() => Run(asRoot ? "setpriv" : initdb[0], asRoot ? [.. AsUserPostgres, .. initdb] : initdb[1..]),
            cancellationToken);
    }

    private static void Run(string command, string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{errors.Result}");
        }
    }
}
