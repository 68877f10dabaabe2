using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using PixelFlow.Api.Billing;

namespace PixelFlow.Api.Jobs;

/// <summary><c>/v1/jobs</c>: create, start and read jobs.</summary>
public static class JobsApi
{
    /// <summary>A job request is a few KB; anything far larger is not one.</summary>
    internal const int MaxJsonBodyBytes = 256 * 1024;

    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string IdempotentReplayedHeader = "Idempotent-Replayed";

    private static readonly IReadOnlySet<string> JsonSourceTypes = new HashSet<string> { JobRequestValidator.PresignedSource };

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/jobs").WithTags("Jobs").RequireAuthorization();
        // POST /v1/jobs is two endpoints, chosen by the request's Content-Type (routing answers 415 for any other).
        // They are one OpenAPI operation: the JSON endpoint's, which also documents the form (OpenApiDocumentation).
        api.MapPost("/", CreateJob)
            .WithBodyLimit(MaxJsonBodyBytes)
            .Produces<JobResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CreateJob")
            .WithSummary("Create a job: a source plus named outputs");
        var multipart = api.MapPost("/", MultipartJobsApi.CreateJobFromUpload)
            .WithMetadata(new AcceptsMetadata(["multipart/form-data"]))
            .ExcludeFromDescription();
        // A request without Content-Type matches both; the JSON endpoint (order 0) takes it and answers 415.
        multipart.Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = 1);
        api.MapPost("/{jobId:guid}/start", StartJob)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("StartJob").WithSummary("Queue a job whose source is uploaded");
        api.MapGet("/{jobId:guid}", GetJob).WithName("GetJob").WithSummary("A job's status, outputs and report");
        api.MapPost("/{jobId:guid}/cancel", CancelJob).ProducesProblem(StatusCodes.Status409Conflict).WithName("CancelJob").WithSummary("Cancel a job that has not finished");
        api.MapGet("/", ListJobs).WithName("ListJobs").WithSummary("The project's jobs, newest first, paged by cursor");
        return api;
    }

    /// <summary>JSON: the job is created, and the answer carries a presigned URL to upload its source to.</summary>
    public static async Task<Results<Created<JobCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateJob(
        CreateJobRequest body, HttpRequest request, ClaimsPrincipal user, [AsParameters] JobApiServices services,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey)
    {
        if (BeginCreation(request, idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var projectId = user.ProjectId();
        var validation = await services.Validator.ValidateAsync(body, JsonSourceTypes, projectId, request.HttpContext.RequestAborted);
        if (!validation.IsValid)
        {
            return validation.HasMalformedJson ? ProblemResults.Malformed(validation.Errors) : ProblemResults.Validation(validation.Errors);
        }

        if (await services.Quotas.CheckAsync(projectId, QuotaGate.ForJob(validation.Outputs.Count, sourceBytes: null),
                request.HttpContext.RequestAborted) is { } exceeded)
        {
            return exceeded.ToProblem();
        }

        var draft = new JobDraft(Guid.CreateVersion7(), projectId, body.SourceType!, body.WebhookUrl, validation.Outputs,
            idempotencyKey, idempotencyKey is null ? null : RequestHashes.Of(body.SourceType!, body.WebhookUrl, validation.Outputs)).CreatedBy(user);
        var (job, outcome) = await services.Jobs.CreateAsync(draft, request.HttpContext.RequestAborted);
        if (outcome == CreateOutcome.IdempotencyConflict)
        {
            return IdempotencyConflict(idempotencyKey!);
        }

        if (outcome == CreateOutcome.Replayed)
        {
            request.HttpContext.Response.Headers[IdempotentReplayedHeader] = "true";
        }

        const string uploadContentType = "application/octet-stream";
        var upload = job!.Status == JobStatus.Created ? services.Storage.PresignPut(job.SourceKey, uploadContentType) : null;
        return TypedResults.Created($"/v1/jobs/{job.Id}", new JobCreatedResponse(job.Id, job.Status.ToWire(),
            upload is null
                ? null
                : new UploadInstructions(upload.Url, "PUT", new Dictionary<string, string> { ["Content-Type"] = uploadContentType },
                    upload.ExpiresAt)));
    }

    /// <summary>What both create endpoints do first: count the attempt, and check the Idempotency-Key header.</summary>
    internal static ValidationProblem? BeginCreation(HttpRequest request, string? idempotencyKey)
    {
        ApiMetrics.CountJobCreation(request.HttpContext, IdempotentReplayedHeader);
        return idempotencyKey is not null && (idempotencyKey.Length is 0 or > 255 || idempotencyKey.Any(char.IsControl))
            ? ProblemResults.Validation(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["Must be 1–255 printable characters."] })
            : null;
    }

    internal static ProblemHttpResult IdempotencyConflict(string key) =>
        ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyConflict, "Idempotency key reused",
            $"The Idempotency-Key '{key}' was already used for a different request in this project.");

    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> CancelJob(
        Guid jobId, ClaimsPrincipal user, [AsParameters] JobApiServices services, CancellationToken cancellationToken)
    {
        var (job, _) = await services.Jobs.CancelAsync(user.ProjectId(), jobId, cancellationToken);
        if (job is null)
        {
            return ProblemResults.NotFound($"No job {jobId} in this project.");
        }

        return job.Status == JobStatus.Canceled
            ? TypedResults.Ok(JobResponses.From(job, services.Storage))
            : ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.InvalidTransition, "Job already finished",
                $"The job is {job.Status.ToWire()}; only unfinished jobs can be canceled.");
    }

    public static async Task<Results<Ok<JobListResponse>, ValidationProblem>> ListJobs(
        ClaimsPrincipal user, [AsParameters] JobApiServices services, string? status, DateTimeOffset? createdAfter,
        DateTimeOffset? createdBefore, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        JobStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsedStatus) && parsedStatus.ToWire() == status)
            {
                statusFilter = parsedStatus;
            }
            else
            {
                errors["status"] = ["Use one of created, queued, processing, succeeded, failed, canceled."];
            }
        }

        var (position, pageSize) = Paging.Read(cursor, limit, errors);

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var page = await services.Jobs.ListAsync(user.ProjectId(),
            new JobListQuery(statusFilter, createdAfter, createdBefore, position, pageSize + 1), cancellationToken);
        var hasMore = page.Count > pageSize;
        var shown = page.Take(pageSize).ToList();
        return TypedResults.Ok(new JobListResponse(
            shown.Select(job => JobResponses.From(job, services.Storage)).ToList(),
            hasMore ? new JobCursor(shown[^1].CreatedAt, shown[^1].Id).Encode() : null));
    }

    public static async Task<Results<Accepted<JobQueuedResponse>, ProblemHttpResult>> StartJob(
        Guid jobId, ClaimsPrincipal user, [AsParameters] JobApiServices services, CancellationToken cancellationToken)
    {
        var (outcome, job) = await services.Jobs.StartAsync(user.ProjectId(), jobId, cancellationToken);
        return outcome switch
        {
            StartOutcome.Queued => TypedResults.Accepted($"/v1/jobs/{jobId}", new JobQueuedResponse(jobId, job!.Status.ToWire())),
            StartOutcome.NotFound => ProblemResults.NotFound($"No job {jobId} in this project."),
            StartOutcome.SourceNotUploaded => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.SourceNotUploaded,
                "Source not uploaded", "Upload the source to the job's upload URL before starting it; nothing was queued."),
            StartOutcome.SourceTooLarge => ProblemResults.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.SourceTooLarge,
                "Source too large", $"The uploaded source exceeds {services.Limits.Value.MaxSourceBytes} bytes."),
            _ => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.InvalidTransition, "Job already finished",
                $"The job is {job!.Status.ToWire()}; it cannot be started again."),
        };
    }

    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(
        Guid jobId, ClaimsPrincipal user, [AsParameters] JobApiServices services, CancellationToken cancellationToken)
    {
        var job = await services.Jobs.ReadAsync(user.ProjectId(), jobId, cancellationToken);
        return job is null
            ? ProblemResults.NotFound($"No job {jobId} in this project.")
            : TypedResults.Ok(JobResponses.From(job, services.Storage));
    }

}
