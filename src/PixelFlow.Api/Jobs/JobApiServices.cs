using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Jobs;

/// <summary>Dependencies of the job endpoints, bound with [AsParameters].</summary>
public sealed class JobApiServices(JobService jobs, JobRequestChecks validator, ObjectStorage storage, IOptions<JobLimitsOptions> limits)
{
    public JobService Jobs { get; } = jobs;
    public JobRequestChecks Validator { get; } = validator;
    public ObjectStorage Storage { get; } = storage;
    public IOptions<JobLimitsOptions> Limits { get; } = limits;
}
