namespace PixelFlow.Api.Auth;

/// <summary>
/// A local run's project: when <c>DevelopmentProject:ApiKey</c> is set (the AppHost sets it from its dev-api-key
/// parameter), a project named "development" answering to that key exists after start-up. Unset in production.
/// </summary>
public static class DevelopmentProject
{
    public const string ApiKeySetting = "DevelopmentProject:ApiKey";

    public static async Task EnsureDevelopmentProjectAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var key = services.GetRequiredService<IConfiguration>()[ApiKeySetting];
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var prefix = ApiKeys.PrefixOf(key) ?? throw new InvalidOperationException($"{ApiKeySetting} is not an API key (pf_<8-char id>_<secret>).");
        if (await db.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken))
        {
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        var project = new Project { Id = Guid.CreateVersion7(), Name = "development", CreatedAt = now };
        project.ApiKeys.Add(ApiKeys.Entity(project.Id, key, now));
        db.Projects.Add(project);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // another replica created it first
        }
    }
}
