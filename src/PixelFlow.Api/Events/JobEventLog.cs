namespace PixelFlow.Api.Events;

/// <summary>An event already in a job's log: its type, and the output id of a job.output_completed.</summary>
public sealed record LoggedEvent(string Type, string? OutputId = null);

/// <summary>
/// Decides which events a job change adds to the log. The worker's messages are consumed concurrently, so the API
/// may apply them out of order: <c>JobOutputCompleted</c> before <c>JobProcessingStarted</c>, or
/// <c>JobSucceeded</c> before either (the late ones then change nothing, or change only the status). So that every
/// stream tells one story in lifecycle order — queued, processing, each output, one terminal event — a change
/// first records the steps it implies that are not logged yet, and a step already logged is not logged again.
/// </summary>
public static class JobEventLog
{
    /// <param name="change">The change being saved.</param>
    /// <param name="logged">The job's events already committed (read under the project's sequence lock).</param>
    /// <param name="at">When the events are recorded.</param>
    /// <returns>(type, JSON data) in the order to number them; empty when the change adds nothing new.</returns>
    public static List<(string Type, string Data)> EventsFor(JobChange change, IReadOnlyCollection<LoggedEvent> logged,
        DateTimeOffset at)
    {
        var job = change.Job;
        var events = new List<(string Type, string Data)>();
        void Add(string type, JobStatus status, OutputResult? output = null) =>
            events.Add((type, JobEventData.Serialize(job, type, status, output, at)));

        // What the worker reports about a job it took implies the job was processing (not so for a job the API
        // fails or cancels before it was queued).
        var fromWorker = change.PreviousStatus != JobStatus.Created && change.EventType is (JobEventTypes.Processing
            or JobEventTypes.OutputCompleted or JobEventTypes.Succeeded or JobEventTypes.Failed);
        if (fromWorker && !logged.Any(e => e.Type == JobEventTypes.Processing))
        {
            Add(JobEventTypes.Processing, JobStatus.Processing);
        }

        var outputsLogged = logged.Where(e => e.Type == JobEventTypes.OutputCompleted).Select(e => e.OutputId).ToHashSet();
        switch (change.EventType)
        {
            case JobEventTypes.Processing:
                break;
            case JobEventTypes.OutputCompleted:
                if (change.Output is { } output && !outputsLogged.Contains(output.Id))
                {
                    Add(JobEventTypes.OutputCompleted, JobStatus.Processing, output);
                }

                break;
            case JobEventTypes.Succeeded:
                foreach (var result in job.Results.Where(result => !outputsLogged.Contains(result.Id)))
                {
                    Add(JobEventTypes.OutputCompleted, JobStatus.Processing, result);
                }

                Add(change.EventType, job.Status);
                break;
            default:
                Add(change.EventType, job.Status);
                break;
        }

        return events;
    }
}
