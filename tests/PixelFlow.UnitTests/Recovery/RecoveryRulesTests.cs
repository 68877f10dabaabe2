using Microsoft.Extensions.Logging;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Api.Recovery;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Recovery;

/// <summary>The recovery sweep's rules: which disagreement between a job's state and its evidence it acts on.</summary>
public sealed class RecoveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryOptions Settings = new();

    [Fact]
    public void AJobWhoseEveryOutputIsRecordedButNeverFinishedIsSettledAsSucceeded()
    {
        var job = Job(JobStatus.Processing, startedMinutesAgo: 11, outputs: ["a", "b"], results: ["a", "b"]);

        RecoverySweep.Classify(job, Now, Settings, hasQueuedCommand: false, sourceStored: false).ShouldBe(RecoveryReason.OutputsComplete);
    }

    [Fact]
    public void AJobProcessingPastTheDeadlineWithOutputsMissingHasLostItsWorker()
    {
        var job = Job(JobStatus.Processing, startedMinutesAgo: 16, outputs: ["a", "b"], results: ["a"]);

        RecoverySweep.Classify(job, Now, Settings, hasQueuedCommand: false, sourceStored: false).ShouldBe(RecoveryReason.ProcessingOverdue);
    }

    [Fact]
    public void AJobProcessingWithinTheDeadlineIsLeftToItsWorker()
    {
        var job = Job(JobStatus.Processing, startedMinutesAgo: 5, outputs: ["a", "b"], results: ["a", "b"]);

        RecoverySweep.Classify(job, Now, Settings, hasQueuedCommand: false, sourceStored: false).ShouldBeNull();
    }

    [Fact]
    public void AJobQueuedLongIsQueuedAgainOnlyWhenNoCommandWaitsInTheOutbox()
    {
        var job = Job(JobStatus.Queued, startedMinutesAgo: null, queuedMinutesAgo: 11, outputs: ["a"], results: []);

        RecoverySweep.Classify(job, Now, Settings, hasQueuedCommand: false, sourceStored: false).ShouldBe(RecoveryReason.QueuedWithoutCommand);
        RecoverySweep.Classify(job, Now, Settings, hasQueuedCommand: true, sourceStored: false).ShouldBeNull();
    }

    [Fact]
    public void AMultipartJobLeftCreatedIsQueuedWhenItsSourceIsStoredAndAPresignedOneWaitsForItsClient()
    {
        var multipart = Job(JobStatus.Created, startedMinutesAgo: null, outputs: ["a"], results: [], createdMinutesAgo: 3);
        var presigned = Job(JobStatus.Created, startedMinutesAgo: null, outputs: ["a"], results: [], createdMinutesAgo: 3,
            sourceType: JobRequestValidator.PresignedSource);

        RecoverySweep.Classify(multipart, Now, Settings, hasQueuedCommand: false, sourceStored: true).ShouldBe(RecoveryReason.CreatedWithSource);
        RecoverySweep.Classify(multipart, Now, Settings, hasQueuedCommand: false, sourceStored: false).ShouldBeNull();
        RecoverySweep.Classify(presigned, Now, Settings, hasQueuedCommand: false, sourceStored: true).ShouldBeNull();
    }

    [Fact]
    public void AFinishedJobIsNeverTouched()
    {
        foreach (var status in new[] { JobStatus.Succeeded, JobStatus.Failed, JobStatus.Canceled })
        {
            RecoverySweep.Classify(Job(status, startedMinutesAgo: 60, outputs: ["a"], results: []), Now, Settings, false, true).ShouldBeNull();
        }
    }

    [Fact]
    public void ARedisOutageOfTheRateLimiterIsLoggedOnceThenSummarisedWhenItEnds()
    {
        var logger = new RecordingLogger<LimiterOutageLog>();
        var log = new LimiterOutageLog(logger, TimeProvider.System);

        log.Answered();
        for (var i = 0; i < 500; i++)
        {
            log.PassedUnlimited(new TimeoutException("Redis did not answer"));
        }

        log.Answered();
        log.Answered();

        logger.Messages.Count.ShouldBe(2);
        logger.Messages[0].ShouldStartWith("Rate limiting is off");
        logger.Messages[1].ShouldContain("500 requests passed unlimited");
    }

    private static Job Job(JobStatus status, int? startedMinutesAgo, string[] outputs, string[] results, int? queuedMinutesAgo = null,
        int createdMinutesAgo = 30, string sourceType = JobRequestValidator.MultipartSource)
    {
        var job = new Job
        {
            Id = Guid.NewGuid(),
            SourceType = sourceType,
            SourceKey = "source",
            Outputs = [.. outputs.Select(id => new OutputSpec { Id = id })],
            Results = [.. results.Select(id => new OutputResult { Id = id, Key = id, Format = "webp", Width = 1, Height = 1, Bytes = 10 })],
            CreatedAt = Now.AddMinutes(-createdMinutesAgo),
        };
        if (status != JobStatus.Created)
        {
            job.TryQueue(Now.AddMinutes(-(queuedMinutesAgo ?? startedMinutesAgo ?? 0))).ShouldBeTrue();
        }

        if (startedMinutesAgo is { } started)
        {
            job.TryStartProcessing(Now.AddMinutes(-started)).ShouldBeTrue();
        }

        if (status.IsTerminal())
        {
            job.MovedTo(status, Now);
        }

        job.Status.ShouldBe(status);
        return job;
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
