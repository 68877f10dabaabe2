using PixelFlow.Api.Extensions;
using Quartz;

namespace PixelFlow.Api.Cleanup;

public static class CleanupExtensions
{
    /// <summary>
    /// The cleanup scheduler: Quartz on the shared Postgres job store, clustered (every API instance is a node; each fire
    /// runs on one), the cleanup tasks, run records and metrics.
    /// </summary>
    public static IHostApplicationBuilder AddCleanup(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddValidatedOptions<CleanupOptions>(CleanupOptions.SectionName);
        var services = builder.Services;
        services.AddSingleton<CleanupMetrics>();
        services.AddSingleton<CleanupScheduler>();
        services.AddScoped<CleanupRunner>();
        services.AddCleanupTask<OrphanSweep>();
        services.AddCleanupTask<UnsourcedJobExpiry>();

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                // The cluster: every instance with this name on this database (see CleanupOptions.ClusterName).
                scheduler.InstanceName = settings.ClusterName;
                scheduler.GenerateInstanceId = true;
            });
            // Cleanup tasks are few and long: two at once at most on one instance.
            quartz.UseDefaultThreadPool(2);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(builder.Configuration.GetConnectionString(Extensions.Extensions.DatabaseConnectionName)
                                  ?? throw new InvalidOperationException($"ConnectionStrings:{Extensions.Extensions.DatabaseConnectionName} is not set."));
                store.ConfigureStore(options => options.TablePrefix = QuartzSchema.TablePrefix);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = settings.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = settings.ClusterCheckinInterval * 2;
                });
            });
        });

        if (settings.Enabled)
        {
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
            services.AddHostedService<CleanupSchedules>();
        }

        return builder;
    }

    /// <summary>Registers a cleanup task (scoped: tasks use the request-style services, such as the DbContext).</summary>
    public static IServiceCollection AddCleanupTask<T>(this IServiceCollection services) where T : class, ICleanupTask =>
        services.AddScoped<ICleanupTask, T>();

    /// <summary>Registers a feature's claim on storage objects, which the orphan sweep asks before deleting.</summary>
    public static IServiceCollection AddStorageReferences<T>(this IServiceCollection services) where T : class, IStorageReferences =>
        services.AddScoped<IStorageReferences, T>();

    /// <summary>Keeps the store's triggers in step with the configured schedules when an instance that runs cleanup starts.</summary>
    private sealed class CleanupSchedules(CleanupScheduler scheduler, IServiceScopeFactory scopes, IOptions<CleanupOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetServices<ICleanupTask>();
            await scheduler.SynchronizeAsync([.. tasks.Select(task => (task.Name, options.Value.ScheduleOf(task)))], cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
