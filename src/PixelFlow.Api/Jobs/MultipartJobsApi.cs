using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PixelFlow.Api.Billing;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// <c>POST /v1/jobs</c> with <c>multipart/form-data</c> (mapped by <see cref="JobsApi"/>): the file is streamed to
/// storage (never held whole in memory), then the job and its command are written in one transaction: it is queued
/// at once, or not created at all. Fields: <c>file</c>, and either <c>pipeline</c> (the JSON array of outputs) or the
/// simple form's <c>width</c> / <c>height</c> / <c>format</c> / <c>quality</c> (one output, id <c>image</c>, resized to
/// fit); optional <c>webhook_url</c>.
/// </summary>
public static class MultipartJobsApi
{
    public const string FormOutputId = "image";
    private const int MaxFieldBytes = JobsApi.MaxJsonBodyBytes;
    private static readonly string[] KnownFields = ["file", "pipeline", "webhook_url", "width", "height", "format", "quality"];
    private static readonly IReadOnlySet<string> MultipartSourceTypes = new HashSet<string> { JobRequestValidator.MultipartSource };

    public static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> CreateJobFromUpload(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] JobApiServices services,
        [FromHeader(Name = JobsApi.IdempotencyKeyHeader)] string? idempotencyKey)
    {
        if (JobsApi.BeginCreation(request, idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var limits = services.Limits.Value;
        if (SourceUploads.BeginMultipart(request, limits.MaxSourceBytes, 2 * MaxFieldBytes, out var badBoundary) is not { } boundary)
        {
            return badBoundary!;
        }

        var projectId = user.ProjectId();
        var jobId = Guid.CreateVersion7();
        var sourceKey = StorageKeys.Source(projectId, jobId);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        SniffedUpload? upload = null;

        await foreach (var (name, _, section) in SourceUploads.ReadNamedPartsAsync(request, boundary, cancellationToken))
        {
            if (!KnownFields.Contains(name))
            {
                errors[name] = [$"Unknown field: use {string.Join(", ", KnownFields)}."];
            }
            else if (name == "file")
            {
                if (upload is not null)
                {
                    errors["file"] = ["Send one file."];
                    continue;
                }

                upload = await SourceUploads.StoreAsync(services.Storage, section.Body, limits.MaxSourceBytes,
                    _ => new UploadTarget(sourceKey, SourceUploads.OctetStream), digest, cancellationToken);
                if (SourceUploads.Refusal(upload.Upload, limits.MaxSourceBytes) is { } refusal)
                {
                    return refusal;
                }
            }
            else if (await ReadFieldAsync(section) is { } value)
            {
                fields[name] = value;
            }
            else
            {
                errors[name] = [$"At most {MaxFieldBytes} bytes."];
            }
        }

        if (upload is null)
        {
            errors["file"] = ["Required: the image, as a file part named 'file'."];
        }

        var jobRequest = errors.Count == 0 ? ToJobRequest(fields, errors) : null;
        var validation = jobRequest is null
            ? null
            : await services.Validator.ValidateAsync(jobRequest, MultipartSourceTypes, projectId, cancellationToken);
        if (errors.Count > 0 || validation is { IsValid: false })
        {
            await SourceUploads.DiscardAsync(services.Storage, upload);
            foreach (var (field, messages) in validation?.Errors ?? [])
            {
                errors[field] = messages;
            }

            return validation?.HasMalformedJson == true ? ProblemResults.Malformed(errors) : ProblemResults.Validation(errors);
        }

        // Checked once the file is stored: only then is its size known (the body may be chunked).
        if (await services.Quotas.CheckAsync(projectId, QuotaGate.ForJob(validation!.Outputs.Count, upload!.Upload.Bytes), cancellationToken) is { } exceeded)
        {
            await SourceUploads.DiscardAsync(services.Storage, upload);
            return exceeded.ToProblem();
        }

        var draft = new JobDraft(jobId, projectId, JobRequestValidator.MultipartSource, jobRequest!.WebhookUrl, validation.Outputs,
            idempotencyKey, idempotencyKey is null
                ? null
                : RequestHashes.Of(JobRequestValidator.MultipartSource, jobRequest.WebhookUrl, validation.Outputs,
                    Convert.ToHexStringLower(digest.GetHashAndReset()))).CreatedBy(user);
        // The source is stored: the job and its command now commit together. If the database cannot be reached the
        // exception handler answers 503 with Retry-After and nothing was created; a retry with the same
        // Idempotency-Key creates the job then (the source uploaded by this attempt stays unreferenced in storage).
        var (job, outcome) = await services.Jobs.CreateQueuedAsync(draft, cancellationToken);
        if (outcome != CreateOutcome.Created)
        {
            // The key's first request already stored its own source.
            await SourceUploads.DiscardAsync(services.Storage, upload);
            if (outcome == CreateOutcome.IdempotencyConflict)
            {
                return JobsApi.IdempotencyConflict(idempotencyKey!);
            }

            request.HttpContext.Response.Headers[JobsApi.IdempotentReplayedHeader] = "true";
        }

        return TypedResults.Accepted($"/v1/jobs/{job!.Id}", JobResponses.From(job, services.Storage));
    }

    /// <summary>The form's fields as the JSON request they stand for.</summary>
    private static CreateJobRequest? ToJobRequest(Dictionary<string, string> fields, Dictionary<string, string[]> errors)
    {
        fields.TryGetValue("webhook_url", out var webhookUrl);
        if (fields.TryGetValue("pipeline", out var pipelineJson))
        {
            foreach (var field in new[] { "width", "height", "format", "quality" }.Where(fields.ContainsKey))
            {
                errors[field] = ["Use either 'pipeline' or the width/height/format/quality fields, not both."];
            }

            var pipeline = JobRequestReader.Read<List<OutputRequest>>(Encoding.UTF8.GetBytes(pipelineJson), "pipeline", out var error);
            if (error is { } e)
            {
                errors[e.Path] = [e.Message];
            }

            return errors.Count > 0 ? null : new CreateJobRequest { SourceType = JobRequestValidator.MultipartSource, WebhookUrl = webhookUrl, Pipeline = pipeline };
        }

        int? Number(string field)
        {
            if (!fields.TryGetValue(field, out var text))
            {
                return null;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            errors[field] = ["Must be a whole number."];
            return null;
        }

        var width = Number("width");
        var height = Number("height");
        var quality = Number("quality");
        if (errors.Count > 0)
        {
            return null;
        }

        var output = new OutputRequest
        {
            Id = FormOutputId,
            Format = fields.GetValueOrDefault("format"),
            Quality = quality,
            Steps = width is null && height is null ? [] : [new OperationSpec { Action = Actions.Resize, Width = width, Height = height }],
        };
        return new CreateJobRequest { SourceType = JobRequestValidator.MultipartSource, WebhookUrl = webhookUrl, Pipeline = [output] };
    }

    private static async Task<string?> ReadFieldAsync(MultipartSection section)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var filled = 0;
        int read;
        while ((read = await section.Body.ReadAsync(buffer.AsMemory(filled))) > 0)
        {
            filled += read;
            if (filled > MaxFieldBytes)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, filled);
    }

}
