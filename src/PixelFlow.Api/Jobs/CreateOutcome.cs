namespace PixelFlow.Api.Jobs;

public enum CreateOutcome
{
    Created,

    /// <summary>Same Idempotency-Key and same request: the earlier job.</summary>
    Replayed,

    /// <summary>Same Idempotency-Key, different request.</summary>
    IdempotencyConflict,
}
