namespace PixelFlow.Api.Jobs;

/// <summary>What a job is created from.</summary>
/// <param name="SourceKey">Where the source already is (a file's original); null: the job's own source key.</param>
/// <param name="OutputKeys">Fixed output keys (see <see cref="ProcessJob.OutputKeys"/>); null: under the job's prefix.</param>
public sealed record JobDraft(Guid JobId, Guid ProjectId, string SourceType, string? WebhookUrl, List<OutputSpec> Outputs,
    string? IdempotencyKey, string? RequestHash, string? SourceKey = null, Dictionary<string, string>? OutputKeys = null);
