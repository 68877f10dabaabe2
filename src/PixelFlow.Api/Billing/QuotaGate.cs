namespace PixelFlow.Api.Billing;

/// <summary>An amount a request is about to add to one quota's use.</summary>
public sealed record QuotaDemand(QuotaKind Kind, long Amount);

/// <summary>Why a request was refused: the quota, its limit, the use so far and what the request needed.</summary>
public sealed record QuotaExceeded(QuotaKind Kind, string Plan, long Limit, long Used, long Requested)
{
    /// <summary><c>402</c> <c>/problems/quota-exceeded</c>, naming the quota, its limit and the current use.</summary>
    public ProblemHttpResult ToProblem() => ProblemResults.Create(StatusCodes.Status402PaymentRequired, ProblemTypes.QuotaExceeded,
        "Quota exceeded",
        $"The '{Plan}' plan allows {Limit} {Kind.ToWire()}; {Used} are used and this request needs {Requested} more. " +
        "Upgrade the plan (POST /v1/billing/checkout) or free some use.",
        new Dictionary<string, object?>
        {
            ["quota"] = Kind.ToWire(),
            ["limit"] = Limit,
            ["used"] = Used,
            ["requested"] = Requested,
            ["plan"] = Plan,
        });
}

/// <summary>
/// The one quota check: every path that adds stored files or processing (job creation, uploads) asks here before it
/// commits. It is a soft limit: two concurrent requests can both pass just under a limit, overshooting it by at most
/// one request each, which is cheaper than serialising every upload of a project.
/// </summary>
public sealed class QuotaGate(ProjectQuotas quotas)
{
    /// <summary>Null when <paramref name="amount"/> more of <paramref name="kind"/> fits the project's quota.</summary>
    public Task<QuotaExceeded?> CheckAsync(Guid projectId, QuotaKind kind, long amount, CancellationToken cancellationToken) =>
        CheckAsync(projectId, [new QuotaDemand(kind, amount)], cancellationToken);

    /// <summary>Null when every demand fits; otherwise the first quota it would exceed.</summary>
    public async Task<QuotaExceeded?> CheckAsync(Guid projectId, IReadOnlyList<QuotaDemand> demands, CancellationToken cancellationToken)
    {
        if (await quotas.LimitsAsync(projectId, cancellationToken) is not { } limits)
        {
            return null; // no such project: the caller's own lookup answers that
        }

        // Only a limited quota's use is measured: measuring stored files reads every job of the project, which cost a
        // create more than its own insert once a project had tens of thousands of jobs.
        var limited = demands.Where(demand => limits.Of(demand.Kind) is not null).ToList();
        if (limited.Count == 0)
        {
            return null;
        }

        var uses = await quotas.UseAsync(projectId, limits, [.. limited.Select(demand => demand.Kind).Distinct()], cancellationToken);
        foreach (var demand in limited)
        {
            var quota = uses.Single(quota => quota.Kind == demand.Kind);
            if (quota.Used + demand.Amount > quota.Limit!.Value)
            {
                return new QuotaExceeded(demand.Kind, limits.Plan, quota.Limit.Value, quota.Used, demand.Amount);
            }
        }

        return null;
    }

    /// <summary>
    /// What a new job needs: a file for its source and one per output, at least one byte of source (its size is known
    /// only once uploaded, unless <paramref name="sourceBytes"/> is given), and at least one pixel of processing.
    /// </summary>
    public static IReadOnlyList<QuotaDemand> ForJob(int outputs, long? sourceBytes) =>
    [
        new(QuotaKind.Files, 1 + outputs),
        new(QuotaKind.StoredBytes, Math.Max(1, sourceBytes ?? 1)),
        new(QuotaKind.ProcessedPixelsPerMonth, 1),
    ];
}
