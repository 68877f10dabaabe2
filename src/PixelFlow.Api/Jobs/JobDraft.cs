namespace PixelFlow.Api.Jobs;

/// <summary>What a job is created from.</summary>
public sealed record JobDraft(Guid JobId, Guid ProjectId, string SourceType, string? WebhookUrl, List<OutputSpec> Outputs,
    string? IdempotencyKey, string? RequestHash)
{
    /// <summary>The API key that asked for the job, if a key did.</summary>
    public Guid? ApiKeyId { get; init; }

    /// <summary>The signed-in user who asked for the job, if a user did.</summary>
    public Guid? UserId { get; init; }

    /// <summary>The caller behind <paramref name="caller"/> as the job's creator.</summary>
    public JobDraft CreatedBy(ClaimsPrincipal caller) => this with { ApiKeyId = caller.ApiKeyId(), UserId = Accounts.UserClaims.UserId(caller) };
}
