using System.Diagnostics;
using System.Runtime.InteropServices;
using MassTransit;
using Microsoft.Extensions.Options;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Infrastructure;
using PixelFlow.Worker.Rendering;
using PixelFlow.Worker.Telemetry;
using StackExchange.Redis;

namespace PixelFlow.Worker.Consumers;

/// <summary>
/// Runs one job: download the source once, decode it once, render and store each output, report each step.
/// A bad source ends as <see cref="JobFailed"/> with a stable code; infrastructure errors (storage, broker)
/// throw so MassTransit retries, and a job that still fails is reported failed by the API from the fault.
/// libvips runs on threads the <see cref="RenderGuard"/> stops waiting for at the deadline, and a job whose renders
/// were left unfinished three times (crashed or hung workers, see <see cref="RenderAttempts"/>) is refused.
/// </summary>
public sealed class ProcessJobConsumer(
    ImageProcessor processor,
    ObjectStorage storage,
    IConnectionMultiplexer redis,
    RenderGuard guard,
    RenderAttempts attempts,
    IEnumerable<IDecodeHook> decodeHooks,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    Telemetry.WorkerMetrics metrics,
    ControlPlaneJobStatus controlPlane,
    ILogger<ProcessJobConsumer> logger) : IConsumer<ProcessJob>
{
    private static readonly ActivitySource Tracing = new("PixelFlow.Worker");

    public async Task Consume(ConsumeContext<ProcessJob> context)
    {
        var job = context.Message;
        // No mirror entry (Redis lost it, or is down): the control plane's own record decides.
        var mirrored = await ReadMirroredStatusAsync(job.JobId) ?? await controlPlane.GetAsync(job.JobId, context.CancellationToken);
        if (Wire.JobStatuses.IsTerminal(mirrored))
        {
            logger.LogInformation("Job {JobId} is already {Status}; command skipped", job.JobId, mirrored);
            return;
        }

        metrics.JobDequeued(job.QueuedAt, clock.GetUtcNow());
        var phases = new JobPhases(metrics, Activity.Current);
        try
        {
            await ProcessAsync(context, phases);
        }
        finally
        {
            phases.Complete();
        }
    }

    private async Task ProcessAsync(ConsumeContext<ProcessJob> context, JobPhases phases)
    {
        var job = context.Message;
        var cancellationToken = context.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        var source = await storage.GetAsync(job.SourceKey, job.Limits.MaxBytes, cancellationToken);
        phases.Ended(JobPhases.FetchSource);
        if (options.Value.Queue != options.Value.HeifQueue && source?.Content is { } head &&
            ImageSniffer.Sniff(head.AsSpan(0, Math.Min(head.Length, ImageSniffer.HeadLength))) is { } format && !ImageProcessor.Decodes(format))
        {
            // HEIC/HEIF: this worker's libvips cannot decode it; the worker on the system libvips takes that queue.
            var heifQueue = await context.GetSendEndpoint(new Uri($"queue:{options.Value.HeifQueue}"));
            await heifQueue.Send(job, cancellationToken);
            logger.LogInformation("Job {JobId}: {Format} source forwarded to {Queue}", job.JobId, format, options.Value.HeifQueue);
            return;
        }

        // Published while the job goes on; every later event waits for it (see JobSideEffects).
        var sideEffects = new JobSideEffects();
        var startedAt = clock.GetUtcNow();
        sideEffects.Add(() => context.Publish(new JobProcessingStarted(job.JobId, job.ProjectId, startedAt),
            cancellationToken));
        phases.Ended(JobPhases.Report);
        if (source?.Content is not { } sourceBytes)
        {
            await sideEffects.DrainAsync();
            await FailAsync(context, source is null
                ? new ImageProcessingException(JobErrorCodes.SourceMissing, "The source object does not exist in storage.")
                : new ImageProcessingException(JobErrorCodes.SourceTooLarge,
                    $"The source is {source.Length} bytes; the limit is {job.Limits.MaxBytes}."), null, started);
            return;
        }

        var assets = await LoadAssetsAsync(job, cancellationToken);
        phases.Ended(JobPhases.FetchSource);
        if (assets.Missing is { } missingAsset)
        {
            await sideEffects.DrainAsync();
            await FailAsync(context, new ImageProcessingException(JobErrorCodes.AssetMissing,
                $"Watermark asset '{missingAsset}' does not exist or exceeds {options.Value.MaxAssetBytes} bytes."), null, started);
            return;
        }

        if (!await attempts.BeginAsync(job.JobId))
        {
            await sideEffects.DrainAsync();
            await FailAsync(context, new ImageProcessingException(JobErrorCodes.SourceUnprocessable,
                $"Rendering this job crashed or hung a worker {RenderAttempts.MaxUnfinished} times; it is not tried again."), null, started,
                sourceBytes.Length);
            return;
        }

        SourceReport? report = null;
        // A job's outputs share one deadline (imgproxy has the same per-request timeout): it is checked between
        // outputs and, mid-output, stops libvips' computation (see DecodedSource.Render), so a pathological job
        // cannot hold a worker slot indefinitely. A native call that cannot be interrupted (a decoder that never
        // returns, an AVIF encode) is abandoned at the deadline plus a grace period (see RenderGuard).
        var remaining = options.Value.JobTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining < TimeSpan.Zero)
            remaining = TimeSpan.Zero;
        var deadlineAt = clock.GetUtcNow() + remaining;
        using var deadline = new CancellationTokenSource(remaining, clock);
        DecodedSource? decoded = null;
        var abandoned = false;
        try
        {
            decoded = await guard.RunAsync(job.JobId.ToString(), deadlineAt, deadline.Token, _ => OpenSource(sourceBytes, job));
            report = decoded.Report with { Bytes = sourceBytes.Length };
            phases.Ended(JobPhases.Decode);
            var results = new List<OutputResult>(job.Outputs.Count);
            foreach (var spec in job.Outputs)
            {
                if (await ReadMirroredStatusAsync(job.JobId) == Wire.JobStatuses.Canceled)
                {
                    await sideEffects.DrainAsync();
                    logger.LogInformation("Job {JobId} canceled after {Done} outputs", job.JobId, results.Count);
                    return;
                }

                phases.Ended(JobPhases.Report);

                if (deadline.IsCancellationRequested)
                    throw Timeout(results.Count, job);

                EncodedOutput encoded;
                try
                {
                    encoded = await RenderAsync(decoded, spec, job, assets.Bytes, deadlineAt, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw Timeout(results.Count, job);
                }

                phases.Ended(JobPhases.Render);
                var result = Describe(encoded, spec, job);
                results.Add(result);
                // The last output is reported by JobSucceeded, which carries every output and follows at once; the
                // API logs its output_completed event before the succeeded one (JobEventLog), so streams see the
                // same events, for one message and one API transaction fewer per job.
                var reportedBySucceeded = results.Count == job.Outputs.Count;
                // Stored and reported while the next output renders. The buffer goes back to its pool once stored
                // (if an earlier step failed, this never runs and the garbage collector takes the buffer).
                sideEffects.Add(async () =>
                {
                    using (encoded)
                    {
                        await StoreAsync(result.Key, encoded, cancellationToken);
                    }

                    if (!reportedBySucceeded)
                        await context.Publish(new JobOutputCompleted(job.JobId, job.ProjectId, result), cancellationToken);
                });
            }

            // What rendering did not hide: the last output's store and report, or a slow storage or broker.
            await sideEffects.DrainAsync();
            phases.Ended(JobPhases.Store);
            await context.Publish(new JobSucceeded
            {
                JobId = job.JobId,
                ProjectId = job.ProjectId,
                Outputs = results,
                Source = report,
                Warnings = decoded.Warnings,
                Usage = new JobUsage(decoded.PixelsProcessed, sourceBytes.Length, results.Sum(result => result.Bytes),
                    ElapsedMilliseconds(started)),
                CompletedAt = clock.GetUtcNow(),
            }, cancellationToken);
            phases.Ended(JobPhases.Report);
        }
        catch (RenderAbandonedException e)
        {
            // The stuck thread may still be using the decoded pixels: they stay with it, and the render stays counted.
            abandoned = true;
            await sideEffects.DrainAsync();
            await FailAsync(context, new ImageProcessingException(JobErrorCodes.ProcessingTimeout, e.Message, e), report, started,
                sourceBytes.Length);
        }
        catch (ImageProcessingException e)
        {
            await sideEffects.DrainAsync();
            await FailAsync(context, e, report, started, sourceBytes.Length);
        }
        finally
        {
            if (!abandoned)
            {
                decoded?.Dispose();
                await attempts.EndAsync(job.JobId);
            }
        }
    }

    private DecodedSource OpenSource(byte[] source, ProcessJob job)
    {
        foreach (var hook in decodeHooks)
            hook.BeforeDecode(job);
        using var activity = Tracing.StartActivity("decode source");
        activity?.SetTag("pixelflow.job.id", job.JobId.ToString());
        var decoded = processor.Open(source, job.Outputs, job.Limits);
        // A streamed decode happens inside the "render output" span: say so, or this span looks impossibly fast.
        activity?.SetTag("pixelflow.decode.streamed", decoded.Streams);
        return decoded;
    }

    private ImageProcessingException Timeout(int outputsDone, ProcessJob job) =>
        new(JobErrorCodes.ProcessingTimeout,
            $"The job exceeded its {options.Value.JobTimeout.TotalSeconds:0} s processing deadline after {outputsDone} of {job.Outputs.Count} outputs.");

    /// <param name="deadline">Stops the render (the job's deadline, at <paramref name="deadlineAt"/>).</param>
    private async Task<EncodedOutput> RenderAsync(DecodedSource decoded, OutputSpec spec, ProcessJob job,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> assets, DateTimeOffset deadlineAt, CancellationToken deadline)
    {
        using var activity = Tracing.StartActivity("render output");
        activity?.SetTag("pixelflow.output.id", spec.Id);
        var renderStarted = Stopwatch.GetTimestamp();
        var encoded = await guard.RunAsync(job.JobId.ToString(), deadlineAt, deadline, token => decoded.Render(spec, assets, token));
        metrics.OutputProcessed(encoded.Format, Stopwatch.GetElapsedTime(renderStarted));
        return encoded;
    }

    /// <summary>What the job's events say of an output, and where it is stored (a fixed key from the command, or the job's prefix).</summary>
    private static OutputResult Describe(EncodedOutput encoded, OutputSpec spec, ProcessJob job) => new()
    {
        Id = spec.Id,
        Key = job.OutputKeys?.TryGetValue(spec.Id, out var fixedKey) == true
            ? $"{fixedKey}.{encoded.FileExtension}"
            : $"{job.OutputPrefix}{spec.Id}.{encoded.FileExtension}",
        Format = encoded.Format,
        Width = encoded.Width,
        Height = encoded.Height,
        Bytes = encoded.Data.Length,
        Frames = encoded.Frames,
    };

    /// <param name="cancellationToken">Stops the storage call (the consumer's own token).</param>
    private async Task StoreAsync(string key, EncodedOutput encoded, CancellationToken cancellationToken)
    {
        using var activity = Tracing.StartActivity("store output");
        await using var content = AsStream(encoded.Data);
        await storage.PutAsync(key, content, encoded.ContentType, cancellationToken);
    }

    private async Task<(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Bytes, string? Missing)> LoadAssetsAsync(
        ProcessJob job, CancellationToken cancellationToken)
    {
        var assets = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var wanted = job.Outputs.SelectMany(output => output.Steps).Select(step => step.ImageKey).OfType<string>().Distinct();
        foreach (var imageKey in wanted)
        {
            var stored = job.Assets.TryGetValue(imageKey, out var storageKey)
                ? await storage.GetAsync(storageKey, options.Value.MaxAssetBytes, cancellationToken)
                : null;
            if (stored?.Content is not { } content)
            {
                return (assets, imageKey);
            }

            assets[imageKey] = content;
        }

        return (assets, null);
    }

    private async Task FailAsync(ConsumeContext<ProcessJob> context, ImageProcessingException error, SourceReport? report,
        long started, long bytesIn = 0)
    {
        var job = context.Message;
        logger.LogInformation("Job {JobId} failed: {Code} {Message}", job.JobId, error.Code, error.Message);
        await context.Publish(new JobFailed(
            JobId: job.JobId,
            ProjectId: job.ProjectId,
            ErrorCode: error.Code,
            ErrorMessage: error.Message,
            Source: report,
            Usage: new JobUsage(0, bytesIn, 0, ElapsedMilliseconds(started)),
            FailedAt: clock.GetUtcNow()), context.CancellationToken);
    }

    /// <summary>The control plane's view of the job (see the API's JobStatusMirror); null when unknown.</summary>
    private async Task<string?> ReadMirroredStatusAsync(Guid jobId)
    {
        try
        {
            return await redis.GetDatabase().StringGetAsync(Wire.RedisKeys.JobStatus(jobId));
        }
        catch (RedisException e)
        {
            // Fail open: doing a job twice is better than not doing it.
            logger.LogWarning(e, "Could not read the status of job {JobId}; processing it", jobId);
            return null;
        }
    }

    private static Stream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    private static long ElapsedMilliseconds(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
