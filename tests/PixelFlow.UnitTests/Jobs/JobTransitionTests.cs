using System.Text.Json;
using PixelFlow.Api.Jobs;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

/// <summary>
/// The job's state machine, every (status, transition) pair: an allowed transition moves the job and sets its
/// fields; a refused one returns false and leaves the job exactly as it was.
/// </summary>
public sealed class JobTransitionTests
{
    public enum Transition
    {
        Queue,
        StartProcessing,
        CompleteOutput,
        Succeed,
        Fail,
        Cancel,
    }

    private static readonly DateTimeOffset Before = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = Before.AddMinutes(5);
    private static readonly OutputResult Thumb = Output("thumb");
    private static readonly SourceReport Source = new() { Format = "jpeg", Width = 640, Height = 480, Bytes = 1000 };

    /// <summary>Status before, transition, status after (null: refused).</summary>
    public static TheoryData<JobStatus, Transition, JobStatus?> Table => new()
    {
        { JobStatus.Created, Transition.Queue, JobStatus.Queued },
        { JobStatus.Created, Transition.StartProcessing, null },
        { JobStatus.Created, Transition.CompleteOutput, JobStatus.Created },
        { JobStatus.Created, Transition.Succeed, JobStatus.Succeeded },
        { JobStatus.Created, Transition.Fail, JobStatus.Failed },
        { JobStatus.Created, Transition.Cancel, JobStatus.Canceled },

        // Queued again: the recovery sweep re-sends a lost command.
        { JobStatus.Queued, Transition.Queue, JobStatus.Queued },
        { JobStatus.Queued, Transition.StartProcessing, JobStatus.Processing },
        { JobStatus.Queued, Transition.CompleteOutput, JobStatus.Queued },
        { JobStatus.Queued, Transition.Succeed, JobStatus.Succeeded },
        { JobStatus.Queued, Transition.Fail, JobStatus.Failed },
        { JobStatus.Queued, Transition.Cancel, JobStatus.Canceled },

        { JobStatus.Processing, Transition.Queue, null },
        { JobStatus.Processing, Transition.StartProcessing, null },
        { JobStatus.Processing, Transition.CompleteOutput, JobStatus.Processing },
        { JobStatus.Processing, Transition.Succeed, JobStatus.Succeeded },
        { JobStatus.Processing, Transition.Fail, JobStatus.Failed },
        { JobStatus.Processing, Transition.Cancel, JobStatus.Canceled },

        { JobStatus.Succeeded, Transition.Queue, null },
        { JobStatus.Succeeded, Transition.StartProcessing, null },
        { JobStatus.Succeeded, Transition.CompleteOutput, null },
        { JobStatus.Succeeded, Transition.Succeed, null },
        { JobStatus.Succeeded, Transition.Fail, null },
        { JobStatus.Succeeded, Transition.Cancel, null },

        { JobStatus.Failed, Transition.Queue, null },
        { JobStatus.Failed, Transition.StartProcessing, null },
        { JobStatus.Failed, Transition.CompleteOutput, null },
        { JobStatus.Failed, Transition.Succeed, null },
        { JobStatus.Failed, Transition.Fail, null },
        { JobStatus.Failed, Transition.Cancel, null },

        { JobStatus.Canceled, Transition.Queue, null },
        { JobStatus.Canceled, Transition.StartProcessing, null },
        { JobStatus.Canceled, Transition.CompleteOutput, null },
        { JobStatus.Canceled, Transition.Succeed, null },
        { JobStatus.Canceled, Transition.Fail, null },
        { JobStatus.Canceled, Transition.Cancel, null },
    };

    [Fact]
    public void TheTableCoversEveryStatusAndTransitionPairOnce()
    {
        var pairs = Table.Select(row => (row.Data.Item1, row.Data.Item2)).ToList();

        pairs.Distinct().Count().ShouldBe(pairs.Count);
        pairs.Count.ShouldBe(Enum.GetValues<JobStatus>().Length * Enum.GetValues<Transition>().Length);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void ATransitionMovesTheJobOnlyWhereItsStatusAllows(JobStatus from, Transition transition, JobStatus? to)
    {
        var job = NewJob().MovedTo(from, Before);
        var before = Snapshot(job);

        var moved = Apply(job, transition);

        moved.ShouldBe(to is not null);
        if (to is null)
        {
            Snapshot(job).ShouldBe(before);
            return;
        }

        job.Status.ShouldBe(to.Value);
        switch (transition)
        {
            case Transition.Queue:
                job.QueuedAt.ShouldBe(At);
                break;
            case Transition.StartProcessing:
                job.StartedAt.ShouldBe(At);
                break;
            case Transition.CompleteOutput:
                job.Results.ShouldBe([Thumb]);
                break;
            case Transition.Succeed:
                job.Results.ShouldBe([Thumb]);
                job.Warnings.ShouldBe(["flattened"]);
                (job.Source, job.CompletedAt).ShouldBe((Source, (DateTimeOffset?)At));
                break;
            case Transition.Fail:
                (job.ErrorCode, job.ErrorMessage, job.Source, job.CompletedAt).ShouldBe((JobErrorCodes.SourceCorrupt, "bad bytes", Source, (DateTimeOffset?)At));
                break;
            case Transition.Cancel:
                job.CompletedAt.ShouldBe(At);
                break;
        }

        // A job that never reported its start gets the finishing time as its start, so it never shows completed
        // without having started.
        if (to.Value.IsTerminal() && transition != Transition.Cancel)
        {
            job.StartedAt.ShouldBe(from == JobStatus.Processing ? Before : At);
        }
    }

    [Fact]
    public void AnOutputReportedTwiceIsRecordedOnce()
    {
        var job = NewJob().MovedTo(JobStatus.Processing, Before);
        job.TryCompleteOutput(Thumb).ShouldBeTrue();
        var before = Snapshot(job);

        job.TryCompleteOutput(Thumb with { Bytes = 99 }).ShouldBeFalse();

        Snapshot(job).ShouldBe(before);
    }

    [Fact]
    public void AFailureWithoutASourceReportKeepsTheOneAlreadyKnown()
    {
        var job = NewJob();
        job.Source = Source;

        job.TryFail(JobErrorCodes.ProcessingFailed, "gave up", source: null, At).ShouldBeTrue();

        job.Source.ShouldBe(Source);
    }

    private static bool Apply(Job job, Transition transition) => transition switch
    {
        Transition.Queue => job.TryQueue(At),
        Transition.StartProcessing => job.TryStartProcessing(At),
        Transition.CompleteOutput => job.TryCompleteOutput(Thumb),
        Transition.Succeed => job.TrySucceed([Thumb], Source, ["flattened"], At),
        Transition.Fail => job.TryFail(JobErrorCodes.SourceCorrupt, "bad bytes", Source, At),
        Transition.Cancel => job.TryCancel(At),
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };

    private static Job NewJob() => new()
    {
        Id = Guid.NewGuid(),
        ProjectId = Guid.NewGuid(),
        SourceType = "s3_presigned",
        SourceKey = "source",
        Outputs = [new OutputSpec { Id = "thumb" }],
        CreatedAt = Before,
    };

    private static OutputResult Output(string id) => new() { Id = id, Key = id, Format = "webp", Width = 1, Height = 1, Bytes = 10 };

    private static string Snapshot(Job job) => JsonSerializer.Serialize(job);
}
