using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Model;
using PixelFlow.Api.Services;
using PixelFlow.Infrastructure;

namespace PixelFlow.Api.Apis;

/// <summary><c>/v1/jobs</c>: create, start and read jobs.</summary>
public static class JobsApi
{
    /// <summary>A job request is a few KB; anything far larger is not one.</summary>
    private const int MaxJsonBodyBytes = 256 * 1024;

    private static readonly IReadOnlySet<string> JsonSourceTypes = new HashSet<string> { JobRequestValidator.PresignedSource };

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/jobs").WithTags("Jobs").RequireAuthorization();
        api.MapPost("/", CreateJob)
            .Accepts<CreateJobRequest>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CreateJob")
            .WithSummary("Create a job: a source plus named outputs");
        api.MapPost("/{jobId:guid}/start", StartJob).WithName("StartJob").WithSummary("Queue a job whose source is uploaded");
        api.MapGet("/{jobId:guid}", GetJob).WithName("GetJob").WithSummary("A job's status, outputs and report");
        return api;
    }

    public static async Task<Results<Created<JobCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateJob(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] JobApiServices services)
    {
        var body = await ReadBodyAsync(request, MaxJsonBodyBytes);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.MalformedRequest,
                "Request too large", $"A JSON job request may be at most {MaxJsonBodyBytes} bytes.");
        }

        var parsed = JobRequestReader.Read<CreateJobRequest>(body, "", out var error);
        if (error is { } e)
        {
            return Problems.Malformed(new Dictionary<string, string[]> { [e.Path] = [e.Message] });
        }

        var validation = services.Validator.Validate(parsed!, JsonSourceTypes);
        if (!validation.IsValid)
        {
            return validation.HasMalformedJson ? Problems.Malformed(validation.Errors) : Problems.Validation(validation.Errors);
        }

        var job = await services.Jobs.CreateAsync(user.ProjectId(), parsed!.SourceType!, parsed.WebhookUrl,
            validation.Outputs, request.HttpContext.RequestAborted);
        const string uploadContentType = "application/octet-stream";
        var upload = services.Storage.PresignPut(job.SourceKey, uploadContentType);
        return TypedResults.Created($"/v1/jobs/{job.Id}", new JobCreatedResponse(job.Id, job.Status.ToWire(),
            new UploadInstructions(upload.Url, "PUT", new Dictionary<string, string> { ["Content-Type"] = uploadContentType },
                upload.ExpiresAt)));
    }

    public static async Task<Results<Accepted<JobQueuedResponse>, ProblemHttpResult>> StartJob(
        Guid jobId, ClaimsPrincipal user, [AsParameters] JobApiServices services, CancellationToken cancellationToken)
    {
        var (outcome, job) = await services.Jobs.StartAsync(user.ProjectId(), jobId, cancellationToken);
        return outcome switch
        {
            StartOutcome.Queued => TypedResults.Accepted($"/v1/jobs/{jobId}", new JobQueuedResponse(jobId, job!.Status.ToWire())),
            StartOutcome.NotFound => Problems.NotFound($"No job {jobId} in this project."),
            StartOutcome.SourceNotUploaded => Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.SourceNotUploaded,
                "Source not uploaded", "Upload the source to the job's upload URL before starting it; nothing was queued."),
            StartOutcome.SourceTooLarge => Problems.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.SourceTooLarge,
                "Source too large", $"The uploaded source exceeds {services.Limits.Value.MaxSourceBytes} bytes."),
            _ => Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.InvalidTransition, "Job already finished",
                $"The job is {job!.Status.ToWire()}; it cannot be started again."),
        };
    }

    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(
        Guid jobId, ClaimsPrincipal user, [AsParameters] JobApiServices services, CancellationToken cancellationToken)
    {
        var job = await services.Jobs.FindAsync(user.ProjectId(), jobId, cancellationToken);
        return job is null
            ? Problems.NotFound($"No job {jobId} in this project.")
            : TypedResults.Ok(JobResponses.From(job, services.Storage));
    }

    /// <summary>Reads the whole body, or returns null when it exceeds <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>Dependencies of the job endpoints, bound with [AsParameters].</summary>
public sealed class JobApiServices(JobService jobs, JobRequestValidator validator, ObjectStorage storage, IOptions<JobLimitsOptions> limits)
{
    public JobService Jobs { get; } = jobs;
    public JobRequestValidator Validator { get; } = validator;
    public ObjectStorage Storage { get; } = storage;
    public IOptions<JobLimitsOptions> Limits { get; } = limits;
}

/// <summary>Maps a stored job to its API representation (download URLs are presigned on every read).</summary>
public static class JobResponses
{
    public static JobResponse From(Job job, ObjectStorage storage)
    {
        var results = job.Results.ToDictionary(result => result.Id);
        var outputs = job.Outputs.Select(spec => results.TryGetValue(spec.Id, out var result)
                ? new JobOutputResponse(spec.Id, "completed", storage.PresignGet(result.Key).Url, result.Format,
                    result.Width, result.Height, result.Bytes, result.Frames)
                : new JobOutputResponse(spec.Id, "pending", null, spec.Format, null, null, null, null))
            .ToList();
        return new JobResponse(job.Id, job.Status.ToWire(), job.SourceType, outputs, job.Source, job.Warnings,
            job.ErrorCode is null ? null : new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? ""),
            job.WebhookUrl, job.CreatedAt, job.QueuedAt, job.StartedAt, job.CompletedAt);
    }
}
