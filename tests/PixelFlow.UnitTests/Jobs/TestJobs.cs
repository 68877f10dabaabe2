using PixelFlow.Api.Jobs;
using PixelFlow.Contracts.V1;
using Shouldly;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>Jobs in a given status for tests, reached the only way there is: through the job's transitions.</summary>
public static class TestJobs
{
    /// <summary>Moves a created job to <paramref name="status"/>, every transition at <paramref name="at"/>.</summary>
    public static Job MovedTo(this Job job, JobStatus status, DateTimeOffset at, string? errorCode = null)
    {
        var moved = status switch
        {
            JobStatus.Created => true,
            JobStatus.Queued => job.TryQueue(at),
            JobStatus.Processing => job.TryQueue(at) && job.TryStartProcessing(at),
            JobStatus.Succeeded => job.TrySucceed(job.Results, job.Source, job.Warnings, at),
            JobStatus.Failed => job.TryFail(errorCode ?? JobErrorCodes.ProcessingFailed, "Failed in a test.", source: null, at),
            JobStatus.Canceled => job.TryCancel(at),
            _ => false,
        };
        moved.ShouldBeTrue($"A {job.Status.ToWire()} job cannot move to {status.ToWire()}.");
        return job;
    }
}
