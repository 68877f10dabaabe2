namespace PixelFlow.Web.Console;

// The API's usage reports, as the Usage tab reads them.

/// <summary><c>GET /v1/usage</c>: the requested UTC days (inclusive) and their totals.</summary>
public sealed record UsageReport(DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days, UsageTotals Totals);

/// <summary>One UTC day of finished jobs.</summary>
public sealed record UsageDay(DateOnly Date, long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn, long BytesOut,
    long BytesSaved, long ComputeTimeMs);

public sealed record UsageTotals(long Jobs, long Succeeded, long Failed, long PixelsProcessed, long BytesIn, long BytesOut, long BytesSaved,
    long ComputeTimeMs);

/// <summary><c>GET /v1/projects/{id}/usage</c>: the plan the project draws on and each quota by its wire name.</summary>
public sealed record QuotaUsage(Guid ProjectId, string Plan, DateTimeOffset PeriodStart, IReadOnlyDictionary<string, QuotaUse> Quotas);

/// <summary>One quota; a null <see cref="Limit"/> is unlimited.</summary>
public sealed record QuotaUse(long? Limit, long Used, long? Remaining);
