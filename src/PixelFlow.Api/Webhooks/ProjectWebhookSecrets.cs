namespace PixelFlow.Api.Webhooks;

/// <summary>A project's signing secrets: created on first need, rotated with an overlap.</summary>
public sealed class ProjectWebhookSecrets(IOptionsMonitor<WebhookOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The project, its secret created if it had none. The conditional update makes concurrent first uses
    /// (an API read and a delivery) agree on one secret.
    /// </summary>
    public async Task<Project?> LoadAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        await db.Projects.Where(project => project.Id == projectId && project.WebhookSecret == null)
            .ExecuteUpdateAsync(set => set.SetProperty(project => project.WebhookSecret, secret), cancellationToken);
        return await db.Projects.AsNoTracking().SingleOrDefaultAsync(project => project.Id == projectId, cancellationToken);
    }

    /// <summary>The secrets a delivery is signed with now: the current one, then the previous one while it overlaps.</summary>
    public async Task<IReadOnlyList<string>> SigningSecretsAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await LoadAsync(db, projectId, cancellationToken)
                      ?? throw new InvalidOperationException($"Project {projectId} does not exist.");
        return PreviousSecretExpiresAt(project) is null
            ? [project.WebhookSecret!]
            : [project.WebhookSecret!, project.PreviousWebhookSecret!];
    }

    /// <summary>When the previous secret stops signing, or null when no rotation is in its overlap.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt(Project project) =>
        project.PreviousWebhookSecret is not null && project.PreviousWebhookSecretExpiresAt > clock.GetUtcNow()
            ? project.PreviousWebhookSecretExpiresAt
            : null;

    /// <summary>
    /// A new current secret; the old one keeps signing for <see cref="WebhookOptions.SecretRotationOverlap"/> so
    /// receivers can switch without rejecting deliveries. A second rotation within the overlap drops the oldest.
    /// </summary>
    public async Task<Project?> RotateAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var project = await db.Projects.FromSql($"SELECT * FROM projects WHERE id = {projectId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return null;
        }

        if (project.WebhookSecret is not null)
        {
            project.PreviousWebhookSecret = project.WebhookSecret;
            project.PreviousWebhookSecretExpiresAt = clock.GetUtcNow() + options.CurrentValue.SecretRotationOverlap;
        }

        project.WebhookSecret = WebhookSignature.NewSecret();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return project;
    }
}
