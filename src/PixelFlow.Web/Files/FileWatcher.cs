using PixelFlow.Web.Console;

namespace PixelFlow.Web.Files;

/// <summary>
/// Keeps files shown on a page current while their jobs run: it follows each running job's own event stream and,
/// on each of its outputs and at its end, reads the files that job makes again and hands them to the page.
/// <para>
/// A job's stream rather than the project's: the project's starts "from now", and a file whose job ended before
/// that stream was open (a small photo, a busy machine) would stay "processing" on screen; a job's stream replays
/// the job's history first, so no change is missed, and it closes by itself after the job's end.
/// </para>
/// </summary>
public sealed class FileWatcher(ProjectEventStream events, ConsoleApi api, ILogger<FileWatcher> logger) : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();

    /// <summary>The files each followed job makes something of.</summary>
    private readonly Dictionary<Guid, HashSet<Guid>> _filesByJob = [];

    /// <summary>A file as it is after a change of one of its jobs.</summary>
    public event Func<ConsoleFile, Task>? Changed;

    /// <summary>A watched file that is no longer there (deleted meanwhile).</summary>
    public event Func<Guid, Task>? Gone;

    /// <summary>Follows the jobs still changing <paramref name="file"/>, if any (a settled file costs nothing).</summary>
    public void Watch(ConsoleFile file)
    {
        foreach (var jobId in file.RunningJobs)
        {
            bool started;
            lock (_gate)
            {
                started = !_filesByJob.ContainsKey(jobId);
                if (started)
                    _filesByJob[jobId] = [];
                _filesByJob[jobId].Add(file.Id);
            }

            if (started)
                _ = FollowAsync(file.ProjectId, jobId);
        }
    }

    private async Task FollowAsync(Guid projectId, Guid jobId)
    {
        try
        {
            await foreach (var change in events.FollowAsync(projectId, jobId: jobId, cancellationToken: _closing.Token))
            {
                // Queued and processing change nothing a file shows; an output is a variant made, the end settles the file.
                if (change.Type == "job.output_completed" || change.IsTerminal)
                    await RefreshAsync(jobId);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // the page closed
        }
        catch (ApiProblem problem)
        {
            logger.LogInformation("The events of job {Job} could not be followed: {Problem}", jobId, problem.Explanation);
        }
        finally
        {
            lock (_gate)
                _filesByJob.Remove(jobId);
        }
    }

    private async Task RefreshAsync(Guid jobId)
    {
        Guid[] fileIds;
        lock (_gate)
            fileIds = _filesByJob.TryGetValue(jobId, out var files) ? [.. files] : [];

        foreach (var fileId in fileIds)
        {
            try
            {
                var file = await api.GetFileAsync(fileId, _closing.Token);
                if (Changed is { } changed)
                    await changed(file);
            }
            catch (ApiProblem problem) when (problem.Status == 404)
            {
                if (Gone is { } gone)
                    await gone(fileId);
            }
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }
}
