using System.Globalization;

namespace PixelFlow.Api.Usage;

/// <summary><c>GET /v1/usage</c> (mapped by <c>MapUsageApi</c>): the API key's project usage, per UTC day.</summary>
public static class UsageApi
{
    /// <summary>Days reported when neither bound is given (today and the 29 days before).</summary>
    public const int DefaultDays = 30;

    /// <summary>Longest range one request may ask for: a leap year.</summary>
    public const int MaxDays = 366;

    private const string DateFormat = "yyyy-MM-dd";

    /// <param name="groupBy">Query <c>group_by</c>: <c>key</c> or <c>user</c>: also the range's totals per API key or user that created the jobs.</param>
    public static async Task<Results<Ok<UsageResponse>, ValidationProblem>> GetUsage(
        string? from, string? to, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy, ClaimsPrincipal user,
        UsageReports reports, TimeProvider clock, CancellationToken cancellationToken)
    {
        var range = ParseRange(from, to, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var errors);
        UsageGrouping? grouping = groupBy switch
        {
            "key" => UsageGrouping.Key,
            "user" => UsageGrouping.User,
            _ => null,
        };
        if (groupBy is not null && grouping is null)
        {
            errors["group_by"] = ["Use 'key' or 'user'."];
        }

        if (range is not var (first, last) || errors.Count > 0)
        {
            return ProblemResults.Validation(errors, "The usage query is invalid.");
        }

        return TypedResults.Ok(await reports.GetAsync(user.ProjectId(), first, last, grouping, cancellationToken));
    }

    /// <summary>
    /// Resolves the requested range: <c>to</c> defaults to today (UTC), <c>from</c> to 29 days before <c>to</c>.
    /// Returns null with errors keyed by the offending parameter.
    /// </summary>
    public static (DateOnly From, DateOnly To)? ParseRange(string? from, string? to, DateOnly today,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        var last = ParseDate(nameof(to), to, today, errors);
        var first = ParseDate(nameof(from), from, last?.AddDays(1 - DefaultDays), errors);
        if (first is not { } start || last is not { } end)
        {
            return null;
        }

        if (start > end)
        {
            errors[nameof(from)] = [$"'from' ({start:yyyy-MM-dd}) is after 'to' ({end:yyyy-MM-dd})."];
            return null;
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            errors[nameof(to)] = [$"The range may span at most {MaxDays} days; ask for several ranges."];
            return null;
        }

        return (start, end);
    }

    private static DateOnly? ParseDate(string name, string? value, DateOnly? fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"'{value}' is not a date; use YYYY-MM-DD (UTC)."];
        return null;
    }
}
