using PixelFlow.Api.RateLimiting;
using Shouldly;

namespace PixelFlow.Tests.RateLimiting;

public sealed class TokenBucketResultTests
{
    [Theory]
    [InlineData(true, 4.0, 10, 2.0, 4, 3, 0)]
    [InlineData(true, 4.6, 10, 2.0, 4, 3, 0)]
    [InlineData(false, 0.25, 5, 1.0, 0, 5, 1)]
    [InlineData(false, 0.0, 120, 0.5, 0, 240, 2)]
    [InlineData(true, 9.9999, 10, 20.0, 9, 1, 0)]
    public void HeaderValuesRoundRemainingDownAndWaitsUp(bool allowed, double tokens, int capacity, double refill,
        long remaining, long reset, long retryAfter)
    {
        var result = new TokenBucketResult(allowed, tokens, capacity, refill);

        result.Remaining.ShouldBe(remaining);
        result.ResetSeconds.ShouldBe(reset);
        result.RetryAfterSeconds.ShouldBe(retryAfter);
    }
}
