using Polly;
using Polly.Retry;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// Runs a whole unit of work again when the database blips (a dropped pooled connection after a Postgres restart):
/// three quick retries within about two seconds, so a request rides out a blip and still answers promptly; a longer
/// outage reaches the exception handler, which answers 503 with Retry-After. The unit of work must be safe to run
/// again from the start (each attempt opens its own transaction and clears the change tracker).
/// </summary>
public static class DatabaseRetry
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(DatabaseFailures.IsTransient),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            UseJitter = true,
        })
        .Build();

    public static Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> unitOfWork, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(static async (work, token) => await work(token), unitOfWork, cancellationToken).AsTask();
}
