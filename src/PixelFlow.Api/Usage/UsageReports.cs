namespace PixelFlow.Api.Usage;

/// <summary>Per-day totals of a project's usage records.</summary>
public sealed class UsageReports(PixelFlowDbContext db)
{
    /// <summary>Every UTC day from <paramref name="from"/> to <paramref name="to"/> (inclusive), days without jobs as zeros.</summary>
    public async Task<UsageResponse> GetAsync(Guid projectId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Grouped in Postgres: a year of a busy project is millions of rows and at most 366 groups. Column aliases
        // are UsageDay's constructor parameters.
        var rows = await db.Database.SqlQuery<UsageDay>($"""
            SELECT (recorded_at AT TIME ZONE 'UTC')::date AS "Date",
                   count(*) AS "Jobs",
                   count(*) FILTER (WHERE outcome = {UsageRecorder.Succeeded}) AS "Succeeded",
                   count(*) FILTER (WHERE outcome = {UsageRecorder.Failed}) AS "Failed",
                   sum(pixels_processed)::bigint AS "PixelsProcessed",
                   sum(bytes_in)::bigint AS "BytesIn",
                   sum(bytes_out)::bigint AS "BytesOut",
                   sum(bytes_saved)::bigint AS "BytesSaved",
                   sum(compute_time_ms)::bigint AS "ComputeTimeMs"
            FROM usage_records
            WHERE project_id = {projectId} AND recorded_at >= {start} AND recorded_at < {end}
            GROUP BY 1
            """).ToDictionaryAsync(row => row.Date, cancellationToken);

        var days = new List<UsageDay>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(rows.GetValueOrDefault(day) ?? new UsageDay(day, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        var totals = new UsageTotals(days.Sum(d => d.Jobs), days.Sum(d => d.Succeeded), days.Sum(d => d.Failed),
            days.Sum(d => d.PixelsProcessed), days.Sum(d => d.BytesIn), days.Sum(d => d.BytesOut), days.Sum(d => d.BytesSaved),
            days.Sum(d => d.ComputeTimeMs));
        return new UsageResponse(from, to, days, totals);
    }
}

/// <summary><c>GET /v1/usage</c>: the requested days (UTC, inclusive) and their totals.</summary>
public sealed record UsageResponse(DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days, UsageTotals Totals);

/// <summary>One UTC day of finished jobs. bytes_saved counts succeeded jobs only.</summary>
public sealed record UsageDay(DateOnly Date, long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn,
    long BytesOut, long BytesSaved, long ComputeTimeMs);

public sealed record UsageTotals(long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn, long BytesOut,
    long BytesSaved, long ComputeTimeMs);
