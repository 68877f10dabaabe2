using Quartz;

namespace PixelFlow.Api.Cleanup;

/// <summary>
/// The Quartz job of every cleanup task: one job per task (keyed by its name, <see cref="CleanupScheduler.JobOf"/>).
/// <see cref="DisallowConcurrentExecutionAttribute"/> on a clustered store means the whole cluster runs at most one
/// fire of a task at a time: a fire that comes while another runs (a second operator request, the schedule) waits
/// for it, on whichever instance then takes it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CleanupJob(CleanupRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var runId = data.TryGetValue(CleanupScheduler.RunIdKey, out var id) && id is string idText ? Guid.Parse(idText) : (Guid?)null;
        var dryRun = data.TryGetValue(CleanupScheduler.DryRunKey, out var dry) && dry is string dryText ? bool.Parse(dryText) : (bool?)null;
        await runner.RunAsync(context.JobDetail.Key.Name, runId, dryRun, context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}
