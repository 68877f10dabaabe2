using Microsoft.EntityFrameworkCore.Infrastructure;
using PixelFlow.Api.Assets;
using PixelFlow.Api.Billing;
using PixelFlow.Api.Caching;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Docs;
using PixelFlow.Api.Events;
using PixelFlow.Api.Files;
using PixelFlow.Api.Outbox;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Api.Recovery;
using PixelFlow.Api.Usage;
using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Extensions;

public static class Extensions
{
    /// <summary>Connection-string name of the Postgres database, as the AppHost names the resource.</summary>
    public const string DatabaseConnectionName = "pixelflowdb";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddNpgsqlDbContext<PixelFlowDbContext>(DatabaseConnectionName,
            // EF's retrying execution strategy stays off: it refuses the transactions every unit of work here opens
            // itself (row locks, the outbox, the job-change pipeline) unless each runs inside
            // CreateExecutionStrategy().ExecuteAsync, and it would wrap the NpgsqlException that JobEventsConsumer's
            // message retry handles in its own exception. Transient failures are retried where the whole unit of work
            // can run again: the consumer's message retry and the outbox and webhook dispatchers' next round.
            settings =>
            {
                settings.DisableRetry = true;
                settings.ConnectionString = DatabaseConnections.WithoutSessionReset(settings.ConnectionString);
            },
            options => options.UseNpgsql(npgsql => npgsql.MigrationsHistoryTable(PixelFlowDbContext.MigrationsHistoryTable)));
        builder.ReportHealthCheckAs(nameof(PixelFlowDbContext), "postgres", "ready");

        builder.AddObjectStorage();
        builder.AddRedisConnection();
        builder.AddMessageBus(bus =>
        {
            bus.AddConsumer<JobEventsConsumer>(typeof(JobEventsConsumerDefinition));
            bus.AddConsumer<GetJobStatusConsumer>(typeof(GetJobStatusConsumerDefinition));
        });

        // Jobs: limits and request checks, the outbox that sends their commands, and the status mirror the worker
        // consults. Job-change handlers run in the order they are registered here.
        services.AddValidatedOptions<JobLimitsOptions>(JobLimitsOptions.SectionName);
        services.AddSingleton<JobLimitsOptionsAccessor>();
        services.AddSingleton(sp => new JobRequestValidator(sp.GetRequiredService<IOptions<JobLimitsOptions>>().Value));
        services.AddScoped<JobRequestChecks>();
        services.AddSingleton<OutboxWriter>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<JobStatusMirror>();
        services.AddSingleton<IJobChangeHandler>(sp => sp.GetRequiredService<JobStatusMirror>());

        // The read cache: rows read on every request (API keys, project rules, quotas, jobs), evicted on every
        // instance through Redis when they change.
        services.AddValidatedOptions<ReadCacheOptions>(ReadCacheOptions.SectionName);
        services.AddSingleton<ReadCache>();
        services.AddSingleton<CacheInvalidation>();
        services.AddHostedService<CacheInvalidationSubscriber>();
        services.AddSingleton<JobReadCache>();
        services.AddSingleton<IJobChangeHandler>(sp => sp.GetRequiredService<JobReadCache>());

        services.AddScoped<JobChanges>();
        services.AddScoped<JobService>();
        services.AddHostedSingleton<JobCreationBatcher>();

        // Projects (their cached rules, access checks and edits) and their files.
        services.AddSingleton<ProjectRulesCache>();
        services.AddScoped<ProjectAccess>();
        services.AddScoped<ProjectEditor>();
        services.AddScoped<FileService>();
        services.AddSingleton<IJobChangeHandler, FileJobChangeHandler>();

        // What cleanup needs of jobs, assets, files and projects: the storage keys their rows still reference (the
        // orphan sweep keeps those objects) and the purges of their deleted rows.
        services.AddStorageReferences<JobStorageReferences>()
            .AddStorageReferences<AssetStorageReferences>()
            .AddStorageReferences<FileStorageReferences>()
            .AddCleanupTask<DeletedFilePurge>()
            .AddCleanupTask<UnsourcedUploadExpiry>()
            .AddCleanupTask<DeletedProjectPurge>();

        builder.AddWebhooks();
        builder.AddUsage();
        builder.AddRateLimiting();
        builder.AddApiMetrics();

        // Job events: the event log, its Redis fan-out to every instance's streams, and the stream settings.
        services.AddValidatedOptions<JobEventsOptions>(JobEventsOptions.SectionName);
        services.AddSingleton<JobEventBroadcaster>();
        services.AddHostedService<RedisEventSubscriber>();
        services.AddScoped<IJobChangeHandler, JobEventRecorder>();

        // The periodic recovery sweep (RecoverySweep) and its metric.
        services.AddValidatedOptions<RecoveryOptions>(RecoveryOptions.SectionName);
        services.AddSingleton<RecoveryMetrics>();
        services.AddHostedSingleton<RecoverySweep>();

        builder.AddCleanup();

        // Callers: API keys, users and their access tokens, the operator's key; then their plans.
        services.AddSingleton<ActiveApiKeys>();
        services.AddSingleton<ApiKeyUsage>();
        builder.AddAccounts();
        // The operator's key (cleanup runs, plan assignment) beside the API keys and access tokens of AddAccounts.
        services.AddAuthentication().AddOperatorKey(services);
        builder.AddBilling();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            FrameworkProblems.Explain(context);
            UnhandledExceptionHandler.AddTraceId(context);
        });
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => StrictJson.Apply(options.SerializerOptions));
        // A body the framework cannot bind (malformed JSON, a wrong type, an unknown field) throws in every
        // environment, so the exception handler answers it as /problems/malformed-request naming the field; without
        // this, Production answers a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi(options => OpenApiDocumentation.Configure(options));
    }

    /// <summary>Applies pending migrations before the API serves traffic, waiting for Postgres to accept connections.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PixelFlow.Api.Migrations");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateOneAtATimeAsync(cancellationToken);
                return;
            }
            catch (Npgsql.NpgsqlException e) when (attempt < 30 && e.IsTransient)
            {
                logger.LogWarning("Postgres not ready ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Key of the session advisory lock the API's replicas take turns on to migrate ("PIXFLOW").</summary>
    internal const long MigrationLockKey = 0x50_49_58_46_4C_4F_57;

    /// <summary>
    /// Migrates while holding a session advisory lock, so replicas that start together take turns. EF's own migration
    /// lock (Npgsql: LOCK TABLE on the history table) is released when each migration commits, while the list of
    /// migrations to apply was read before the first: two replicas on a fresh database then both apply the second one
    /// (42701, "column … already exists"; reproduced with EF Core 10 and Npgsql 10.0.3, and in the Aspire tests).
    /// </summary>
    internal static async Task MigrateOneAtATimeAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        // An open connection stays open through MigrateAsync: the lock is held on the connection that migrates.
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await database.MigrateAsync(cancellationToken);
                await Cleanup.QuartzSchema.CreateAsync(database, cancellationToken);
            }
            finally
            {
                await UnlockMigrationAsync(database);
            }
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Released on success and failure alike: the API's pooled connections keep their session when reused
    /// (<see cref="DatabaseConnections.WithoutSessionReset"/>), so a lock left on one would outlive the failed attempt
    /// and stop every other replica's migration. When the connection itself failed, its session, and the lock, ended
    /// with it: that unlock's own error is not the one to report.
    /// </summary>
    private static async Task UnlockMigrationAsync(DatabaseFacade database)
    {
        try
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The connection is gone (see above).
        }
    }
}
