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
                    result.Width, result.Height, result.Bytes, result.Frames)
                : new JobOutputResponse(spec.Id, "pending", null, spec.Format, null, null, null, null))
            .ToList();
        return new JobResponse(job.Id, job.Status.ToWire(), job.SourceType, outputs, job.Source, job.Warnings,
            job.ErrorCode is null ? null : new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? ""),
            job.WebhookUrl, job.CreatedAt, job.QueuedAt, job.StartedAt, job.CompletedAt);
    }
}
