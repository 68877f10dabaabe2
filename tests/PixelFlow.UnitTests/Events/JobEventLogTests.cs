using System.Text.Json.Nodes;
using PixelFlow.Api.Events;
using PixelFlow.Api.Jobs;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Events;

/// <summary>Which events a job change adds to the log, whatever order the worker's messages were applied in.</summary>
public sealed class JobEventLogTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly OutputResult Thumb = new()
    {
        Id = "thumb", Key = "projects/p/jobs/j/outputs/thumb.webp", Format = "webp", Width = 150, Height = 100, Bytes = 4096,
    };

    private static readonly OutputResult Large = Thumb with { Id = "large", Width = 1200, Height = 800 };

    private static Job NewJob(JobStatus status, params OutputResult[] results) => new Job
    {
        Id = Guid.NewGuid(), ProjectId = Guid.NewGuid(), SourceType = "s3_presigned", SourceKey = "k",
        Results = [.. results],
    }.MovedTo(status, At);

    private static List<string> Types(List<(string Type, string Data)> events) => events.Select(e => e.Type).ToList();

    [Fact]
    public void ChangesInLifecycleOrderAreLoggedOneEach()
    {
        var job = NewJob(JobStatus.Processing);

        Types(JobEventLog.EventsFor(new JobChange(job, JobEventTypes.Processing, JobStatus.Queued), [new(JobEventTypes.Queued)], At))
            .ShouldBe([JobEventTypes.Processing]);
        Types(JobEventLog.EventsFor(new JobChange(job, JobEventTypes.OutputCompleted, JobStatus.Processing, Thumb),
                [new(JobEventTypes.Queued), new(JobEventTypes.Processing)], At))
            .ShouldBe([JobEventTypes.OutputCompleted]);
    }

    [Fact]
    public void SucceededBeforeProcessingAndOutputsWereAppliedRecordsThemFirst()
    {
        var job = NewJob(JobStatus.Succeeded, Thumb, Large);

        var events = JobEventLog.EventsFor(new JobChange(job, JobEventTypes.Succeeded, JobStatus.Queued),
            [new(JobEventTypes.Queued), new(JobEventTypes.OutputCompleted, "large")], At);

        Types(events).ShouldBe([JobEventTypes.Processing, JobEventTypes.OutputCompleted, JobEventTypes.Succeeded]);
        var output = JsonNode.Parse(events[1].Data)!;
        (output["status"]!.GetValue<string>(), output["output"]!["id"]!.GetValue<string>()).ShouldBe(("processing", "thumb"));
        JsonNode.Parse(events[2].Data)!["status"]!.GetValue<string>().ShouldBe("succeeded");
    }

    [Fact]
    public void AnOutputAppliedBeforeProcessingImpliesProcessingWhichIsThenNotLoggedTwice()
    {
        var job = NewJob(JobStatus.Queued);

        var early = JobEventLog.EventsFor(new JobChange(job, JobEventTypes.OutputCompleted, JobStatus.Queued, Thumb),
            [new(JobEventTypes.Queued)], At);
        var late = JobEventLog.EventsFor(new JobChange(job, JobEventTypes.Processing, JobStatus.Queued),
            [new(JobEventTypes.Queued), new(JobEventTypes.Processing), new(JobEventTypes.OutputCompleted, "thumb")], At);

        Types(early).ShouldBe([JobEventTypes.Processing, JobEventTypes.OutputCompleted]);
        late.ShouldBeEmpty();
    }

    [Fact]
    public void AFailedJobCarriesItsErrorAndACanceledOneImpliesNothing()
    {
        var failed = NewJob(JobStatus.Failed);
        failed.ErrorCode = "unsupported_format";
        failed.ErrorMessage = "not an image";

        var failure = JobEventLog.EventsFor(new JobChange(failed, JobEventTypes.Failed, JobStatus.Processing),
            [new(JobEventTypes.Queued), new(JobEventTypes.Processing)], At).ShouldHaveSingleItem();
        var canceled = JobEventLog.EventsFor(new JobChange(NewJob(JobStatus.Canceled), JobEventTypes.Canceled, JobStatus.Queued),
            [new(JobEventTypes.Queued)], At);

        var data = JsonNode.Parse(failure.Data)!;
        data["error"]!["code"]!.GetValue<string>().ShouldBe("unsupported_format");
        data["output"].ShouldBeNull();
        data.AsObject().Select(p => p.Key).ShouldBe(["job_id", "status", "type", "output", "error", "at"]);
        Types(canceled).ShouldBe([JobEventTypes.Canceled]);
    }

    [Fact]
    public void TheOutputIdIsReadBackFromAStoredBodyAsPostgresReformatsIt()
    {
        const string stored = """{"at": "2026-11-21T12:00:00+00:00", "type": "job.output_completed", "error": null, "job_id": "0190a8f2-0000-7000-8000-000000000000", "output": {"id": "thumb", "bytes": 4096, "width": 150, "format": "webp", "frames": 1, "height": 100}, "status": "processing"}""";

        JobEventData.OutputId(stored).ShouldBe("thumb");
        JobEventData.OutputId(JobEventData.Serialize(NewJob(JobStatus.Processing), JobEventTypes.Processing, JobStatus.Processing, null, At))
            .ShouldBeNull();
    }
}
