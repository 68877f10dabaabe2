using PixelFlow.Api.Caching;

namespace PixelFlow.Api.Billing;

/// <summary>A project's own quotas (null = none set) and its first owner, whose plan applies to it.</summary>
public sealed record ProjectQuotaSource(long? StoredBytes, long? ProcessedPixelsPerMonth, long? Files, Guid? OwnerId);

/// <summary>
/// What the quota gate reads on every create, through the instance's <see cref="ReadCache"/>: per project its quotas
/// and owner, per user the plan. Without it the gate cost each create a round trip of its own, more than the create's
/// share of its group commit. The writers evict: the project editor (quotas), the member endpoints (owners), plan
/// assignment and Stripe events (plans); a change made behind the API's back applies within
/// <see cref="ReadCacheOptions.MutableSeconds"/>.
/// </summary>
public sealed class QuotaSources(ReadCache cache, CacheInvalidation invalidation)
{
    public Task<ProjectQuotaSource?> ProjectAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(ProjectKey(projectId), token => db.Projects.AsNoTracking().Where(project => project.Id == projectId)
                .Select(project => new ProjectQuotaSource(project.StoredBytesQuota, project.ProcessedPixelsPerMonthQuota, project.FilesQuota,
                    db.ProjectMembers.Where(member => member.ProjectId == project.Id && member.Role == ProjectRole.Owner)
                        .OrderBy(member => member.CreatedAt).Select(member => (Guid?)member.UserId).FirstOrDefault()))
                .SingleOrDefaultAsync(token),
            _ => Mutability.Mutable, cancellationToken);

    /// <summary>The plan of the user's billing record; null when the user has none (the default plan applies).</summary>
    public async Task<string?> PlanOfUserAsync(PixelFlowDbContext db, Guid userId, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(PlanKey(userId), async token => new StoredPlan(
                await db.BillingAccounts.Where(account => account.UserId == userId).Select(account => account.Plan).SingleOrDefaultAsync(token)),
            _ => Mutability.Mutable, cancellationToken))!.Plan;

    /// <summary>The project's quotas or owners changed.</summary>
    public void ProjectChanged(Guid projectId) => invalidation.Invalidate(ProjectKey(projectId));

    /// <summary>The user's plan changed.</summary>
    public void PlanChanged(Guid userId) => invalidation.Invalidate(PlanKey(userId));

    private static string ProjectKey(Guid projectId) => $"project:{projectId:N}:quotas";

    private static string PlanKey(Guid userId) => $"user:{userId:N}:plan";

    /// <summary>A plan that may be "none", so that absence is cached too.</summary>
    private sealed record StoredPlan(string? Plan);
}
