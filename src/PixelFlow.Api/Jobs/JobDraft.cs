namespace PixelFlow.Api.Jobs;

/// <summary>What a job is created from.</summary>
public sealed record JobDraft(Guid JobId, Guid ProjectId, string SourceType, string? WebhookUrl, List<OutputSpec> Outputs,
    string? IdempotencyKey, string? RequestHash);
