using PixelFlow.Api.Usage;
using Shouldly;

namespace PixelFlow.Tests.Usage;

public sealed class UsageRangeTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Theory]
    [InlineData(null, null, "2026-02-09", "2026-03-10")]
    [InlineData(null, "2026-01-31", "2026-01-02", "2026-01-31")]
    [InlineData("2026-03-01", null, "2026-03-01", "2026-03-10")]
    [InlineData("2026-03-10", "2026-03-10", "2026-03-10", "2026-03-10")]
    public void MissingBoundsDefaultToThirtyDaysEndingTodayOrAtTo(string? from, string? to, string expectedFrom, string expectedTo)
    {
        var range = UsageApi.ParseRange(from, to, Today, out var errors);

        errors.ShouldBeEmpty();
        range.ShouldBe((DateOnly.Parse(expectedFrom), DateOnly.Parse(expectedTo)));
    }

    [Fact]
    public void BothBadDatesAreReported()
    {
        UsageApi.ParseRange("01/02/2026", "2026-1-2", Today, out var errors).ShouldBeNull();

        errors.Keys.ShouldBe(["to", "from"], ignoreOrder: true);
    }
}
