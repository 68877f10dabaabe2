namespace PixelFlow.Api.Jobs;

/// <summary>What a job is created from.</summary>
/// <param name="SourceKey">Where the source already is (a file's original); null: the job's own source key.</param>
/// <param name="OutputKeys">Fixed output keys (see <see cref="ProcessJob.OutputKeys"/>); null: under the job's prefix.</param>
public sealed record JobDraft(Guid JobId, Guid ProjectId, string SourceType, string? WebhookUrl, List<OutputSpec> Outputs,
    string? IdempotencyKey, string? RequestHash, string? SourceKey = null, Dictionary<string, string>? OutputKeys = null)
{
    /// <summary>The API key that asked for the job, if a key did.</summary>
    public Guid? ApiKeyId { get; init; }

    /// <summary>The signed-in user who asked for the job, if a user did.</summary>
    public Guid? UserId { get; init; }

    /// <summary>The caller behind <paramref name="caller"/> as the job's creator.</summary>
    public JobDraft CreatedBy(ClaimsPrincipal caller) => this with { ApiKeyId = caller.ApiKeyId(), UserId = Accounts.UserClaims.UserId(caller) };
}
