using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Jobs;

/// <summary>Maps a stored job to its API representation (download URLs are presigned on every read).</summary>
public static class JobResponses
{
    public static JobResponse From(Job job, ObjectStorage storage)
    {
        var results = job.Results.ToDictionary(result => result.Id);
        var outputs = job.Outputs.Select(spec => results.TryGetValue(spec.Id, out var result)
                ? new JobOutputResponse(spec.Id, "completed", storage.PresignGet(result.Key).Url, result.Format,
                    result.Width, result.Height, result.Bytes, result.Frames, StepsOf(spec))
                : new JobOutputResponse(spec.Id, "pending", null, spec.Format, null, null, null, null, StepsOf(spec)))
            .ToList();
        return new JobResponse(job.Id, job.Status.ToWire(), job.SourceType, outputs, job.Source, job.Warnings,
            job.ErrorCode is null ? null : new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? ""),
            job.WebhookUrl, job.CreatedAt, job.QueuedAt, job.StartedAt, job.CompletedAt);
    }

    /// <summary>The steps as stored (the jsonb column's form): fields an action was not given are left out, not written as nulls.</summary>
    private static JsonElement StepsOf(OutputSpec spec) => JsonSerializer.SerializeToElement(spec.Steps, JsonColumn.Options);
}
