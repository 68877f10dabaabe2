namespace PixelFlow.Api.Billing;

/// <summary>One quota of a project: its limit (null = unlimited) and the current use.</summary>
public sealed record QuotaUse(QuotaKind Kind, long? Limit, long Used);

/// <summary>The plan that applies to a project and each quota's limit (null = unlimited).</summary>
public sealed record ProjectLimits(string Plan, long? StoredBytes, long? ProcessedPixelsPerMonth, long? Files)
{
    public long? Of(QuotaKind kind) => kind switch
    {
        QuotaKind.StoredBytes => StoredBytes,
        QuotaKind.ProcessedPixelsPerMonth => ProcessedPixelsPerMonth,
        _ => Files,
    };
}

/// <summary>A project's plan (its owner's) and the quotas that apply to it.</summary>
public sealed record ProjectQuotaReport(Guid ProjectId, string Plan, DateTimeOffset PeriodStart, IReadOnlyList<QuotaUse> Quotas);

/// <summary>
/// Resolves a project's quotas: its owner's plan (a <see cref="ProjectMember"/> with the owner role; the default
/// plan for an owner without a billing record; no plan for a project without an owner), each limit replaced by the project's own when an operator set one, and the use
/// of each: stored files from <see cref="IStoredFilesMeter"/>, pixels from this month's usage records.
/// </summary>
public sealed class ProjectQuotas(PixelFlowDbContext db, IOptionsMonitor<BillingOptions> options, IStoredFilesMeter meter,
    QuotaSources sources, TimeProvider clock)
{
    public static readonly IReadOnlyList<QuotaKind> AllKinds = Enum.GetValues<QuotaKind>();

    /// <summary>The plan a project without an owner reports: none, only the quotas an operator set on the project.</summary>
    public const string UnownedPlan = "unowned";

    /// <summary>The plan a user is on: their billing record's, or the default.</summary>
    public async Task<string> PlanOfUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<BillingAccount>().Where(account => account.UserId == userId).Select(account => account.Plan)
            .SingleOrDefaultAsync(cancellationToken) ?? options.CurrentValue.DefaultPlan;

    /// <summary>The project's quotas with the use of the <paramref name="kinds"/> asked for (the others unmeasured); null when there is no such project.</summary>
    public async Task<ProjectQuotaReport?> GetAsync(Guid projectId, IReadOnlyCollection<QuotaKind> kinds, CancellationToken cancellationToken) =>
        await LimitsAsync(projectId, cancellationToken) is { } limits
            ? new ProjectQuotaReport(projectId, limits.Plan, MonthStart(clock.GetUtcNow()), await UseAsync(projectId, limits, kinds, cancellationToken))
            : null;

    /// <summary>The plan that applies to the project and the limit of each quota (read through <see cref="QuotaSources"/>); null when there is no such project.</summary>
    public async Task<ProjectLimits?> LimitsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (await sources.ProjectAsync(db, projectId, cancellationToken) is not { } project)
        {
            return null;
        }

        var ownerPlan = project.OwnerId is { } ownerId ? await sources.PlanOfUserAsync(db, ownerId, cancellationToken) : null;
        var settings = options.CurrentValue;
        // A plan removed from configuration while users are on it falls back to the default rather than failing requests.
        // A project without an owner (made by the operator's create-project, as every project was before accounts, or
        // the development project) draws on no user's plan: only the quotas an operator set on it apply.
        var planName = project.OwnerId is null ? UnownedPlan
            : ownerPlan is { } owned && settings.Plans.ContainsKey(owned) ? owned : settings.DefaultPlan;
        var plan = project.OwnerId is null ? null : settings.Plans[planName];
        return new ProjectLimits(planName,
            project.StoredBytes ?? plan?.Limit(QuotaKind.StoredBytes),
            project.ProcessedPixelsPerMonth ?? plan?.Limit(QuotaKind.ProcessedPixelsPerMonth),
            project.Files ?? plan?.Limit(QuotaKind.Files));
    }

    /// <summary>Each of the <paramref name="kinds"/> with its limit and its use now (stored files are measured once for both of theirs).</summary>
    public async Task<IReadOnlyList<QuotaUse>> UseAsync(Guid projectId, ProjectLimits limits, IReadOnlyCollection<QuotaKind> kinds,
        CancellationToken cancellationToken)
    {
        StoredFiles? stored = null;
        var quotas = new List<QuotaUse>(kinds.Count);
        foreach (var kind in kinds)
        {
            var used = kind switch
            {
                QuotaKind.ProcessedPixelsPerMonth => await PixelsProcessedSinceAsync(projectId, MonthStart(clock.GetUtcNow()), cancellationToken),
                QuotaKind.StoredBytes => (stored ??= await meter.MeasureAsync(projectId, cancellationToken)).Bytes,
                _ => (stored ??= await meter.MeasureAsync(projectId, cancellationToken)).Files,
            };
            quotas.Add(new QuotaUse(kind, limits.Of(kind), used));
        }

        return quotas;
    }

    /// <summary>The first instant of the calendar month (UTC) that <paramref name="now"/> falls in: the pixel quota's period.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private Task<long> PixelsProcessedSinceAsync(Guid projectId, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.UsageRecords.Where(record => record.ProjectId == projectId && record.RecordedAt >= since)
            .SumAsync(record => record.PixelsProcessed, cancellationToken);
}
