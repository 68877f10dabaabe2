using System.Globalization;
using Quartz;

namespace PixelFlow.Api.Cleanup;

/// <summary>The cleanup tasks' Quartz jobs and triggers in the shared, clustered job store.</summary>
public sealed class CleanupScheduler(ISchedulerFactory schedulers, ILogger<CleanupScheduler> logger)
{
    public const string JobGroup = "cleanup";
    internal const string RunIdKey = "run_id";
    internal const string DryRunKey = "dry_run";

    public static JobKey JobOf(string task) => new(task, JobGroup);

    private static TriggerKey ScheduleTriggerOf(string task) => new($"{task}.schedule", JobGroup);

    /// <summary>Asks the cluster to run a task now, for a run whose row the caller has stored (pending).</summary>
    public async Task RequestAsync(CleanupRun run, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await AddJobAsync(scheduler, run.Task, cancellationToken);
        await scheduler.TriggerJob(JobOf(run.Task), new JobDataMap
        {
            [RunIdKey] = run.Id.ToString(),
            [DryRunKey] = run.DryRun.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
    }

    /// <summary>
    /// Makes the store's triggers match each task's schedule: added, changed or removed. Every instance that runs cleanup
    /// does this at start; the store serialises them, and an unchanged trigger is left as it is (keeping its misfire state).
    /// </summary>
    public async Task SynchronizeAsync(IEnumerable<(string Task, string? Cron)> schedules, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var (task, cron) in schedules)
        {
            await AddJobAsync(scheduler, task, cancellationToken);
            var key = ScheduleTriggerOf(task);
            var existing = await scheduler.GetTrigger(key, cancellationToken) as ICronTrigger;
            if (cron is null)
            {
                if (existing is not null)
                {
                    await scheduler.UnscheduleJob(key, cancellationToken);
                    logger.LogInformation("Cleanup task {Task}: schedule removed", task);
                }

                continue;
            }

            if (existing?.CronExpressionString == cron)
            {
                continue;
            }

            var trigger = TriggerBuilder.Create()
                .WithIdentity(key)
                .ForJob(JobOf(task))
                // A fire missed while no instance ran (a deploy at the scheduled minute) runs once when one is back.
                .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);

            logger.LogInformation("Cleanup task {Task}: scheduled '{Cron}' (UTC)", task, cron);
        }
    }

    private static ValueTask AddJobAsync(IScheduler scheduler, string task, CancellationToken cancellationToken) =>
        scheduler.AddJob(JobBuilder.Create<CleanupJob>()
            .WithIdentity(JobOf(task))
            .WithDescription($"Cleanup task {task}")
            // Kept while it has no trigger: operator runs fire it by key.
            .StoreDurably()
            .Build(), AddJobOptions.Replacing, cancellationToken);
}
