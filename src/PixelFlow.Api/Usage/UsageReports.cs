namespace PixelFlow.Api.Usage;

/// <summary>Per-day totals of a project's usage records.</summary>
public sealed class UsageReports(PixelFlowDbContext db)
{
    /// <summary>
    /// Every UTC day from <paramref name="from"/> to <paramref name="to"/> (inclusive), days without jobs as zeros;
    /// with <paramref name="groupBy"/>, also the range's totals per API key or per user that created the jobs.
    /// </summary>
    public async Task<UsageResponse> GetAsync(Guid projectId, DateOnly from, DateOnly to, UsageGrouping? groupBy,
        CancellationToken cancellationToken)
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
        var groups = groupBy is { } grouping ? await GroupAsync(projectId, start, end, grouping, cancellationToken) : null;
        return new UsageResponse(from, to, days, totals, groups);
    }

    /// <summary>The range's totals per creator: jobs created by no key (or no user) form a group of their own, id null.</summary>
    private async Task<List<UsageGroup>> GroupAsync(Guid projectId, DateTimeOffset start, DateTimeOffset end, UsageGrouping grouping,
        CancellationToken cancellationToken)
    {
        var records = db.UsageRecords.Where(record => record.ProjectId == projectId && record.RecordedAt >= start && record.RecordedAt < end);
        var byCreator = grouping == UsageGrouping.Key ? records.GroupBy(record => record.ApiKeyId) : records.GroupBy(record => record.UserId);
        var rows = await byCreator
            .Select(group => new
            {
                Id = group.Key,
                Totals = new UsageTotals(group.LongCount(), group.LongCount(record => record.Outcome == UsageRecorder.Succeeded),
                    group.LongCount(record => record.Outcome == UsageRecorder.Failed), group.Sum(record => record.PixelsProcessed),
                    group.Sum(record => record.BytesIn), group.Sum(record => record.BytesOut), group.Sum(record => record.BytesSaved),
                    group.Sum(record => record.ComputeTimeMs)),
            })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(row => row.Totals.Jobs).ThenBy(row => row.Id)
            .Select(row => grouping == UsageGrouping.Key ? new UsageGroup(row.Id, null, row.Totals) : new UsageGroup(null, row.Id, row.Totals))
            .ToList();
    }
}

/// <summary>What <c>GET /v1/usage?group_by=</c> splits the range's totals by: the API key or the user that created the jobs.</summary>
public enum UsageGrouping
{
    Key,
    User,
}

/// <summary><c>GET /v1/usage</c>: the requested days (UTC, inclusive), their totals, and (with <c>group_by</c>) the totals per creator.</summary>
public sealed record UsageResponse(DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days, UsageTotals Totals,
    IReadOnlyList<UsageGroup>? Groups = null);

/// <summary>The range's totals of the jobs one API key (<c>group_by=key</c>) or one user (<c>group_by=user</c>) created.</summary>
public sealed record UsageGroup(Guid? ApiKeyId, Guid? UserId, UsageTotals Totals);

/// <summary>One UTC day of finished jobs. bytes_saved counts succeeded jobs only.</summary>
public sealed record UsageDay(DateOnly Date, long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn,
    long BytesOut, long BytesSaved, long ComputeTimeMs);

public sealed record UsageTotals(long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn, long BytesOut,
    long BytesSaved, long ComputeTimeMs);
