namespace PixelFlow.Api.Jobs;

/// <summary>The query of a newest-first listing paged by cursor (jobs, files): <c>cursor</c> and <c>limit</c>.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The position after which the page starts and its size; what is wrong goes to <paramref name="errors"/>.</summary>
    public static (JobCursor? Position, int PageSize) Read(string? cursor, int? limit, IDictionary<string, string[]> errors)
    {
        var position = cursor is null ? null : JobCursor.TryDecode(cursor);
        if (cursor is not null && position is null)
        {
            errors["cursor"] = ["Not a cursor returned by this API."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        }

        return (position, limit ?? DefaultPageSize);
    }
}
