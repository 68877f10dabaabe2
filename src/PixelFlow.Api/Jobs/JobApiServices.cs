using Microsoft.AspNetCore.Mvc;
using PixelFlow.Api.Billing;

namespace PixelFlow.Api.Jobs;

/// <summary>Dependencies of the job endpoints, bound with [AsParameters].</summary>
public sealed class JobApiServices(JobService jobs, JobRequestChecks validator, ObjectStorage storage, IOptions<JobLimitsOptions> limits,
    QuotaGate quotas)
{
    public JobService Jobs { get; } = jobs;
    public JobRequestChecks Validator { get; } = validator;
    public ObjectStorage Storage { get; } = storage;
    public IOptions<JobLimitsOptions> Limits { get; } = limits;
    public QuotaGate Quotas { get; } = quotas;
}
