namespace PixelFlow.Api.Auth;

/// <summary>
/// <c>/v1/projects/{id}/api-keys</c>: the project's owners create and revoke its keys, members list them. A key is
/// shown once, when created; a revoked key stops authenticating on every instance at once (the key cache is evicted
/// through <see cref="Caching.CacheInvalidation"/>).
/// </summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/projects/{id:guid}/api-keys").WithTags("API keys").RequireAuthorization(CallerPolicies.AnyCaller);
        api.MapPost("/", CreateApiKey).WithBodyLimit(4 * 1024).WithName("CreateApiKey")
            .WithSummary("Create a key (shown once, in 'key'); owners only");
        api.MapGet("/", ListApiKeys).WithName("ListApiKeys").WithSummary("The project's unrevoked keys, without their secrets");
        api.MapDelete("/{keyId:guid}", RevokeApiKey).WithName("RevokeApiKey")
            .WithSummary("Revoke a key: refused on every API instance within seconds; owners only");
        return app;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateApiKey(
        Guid id, CreateApiKeyRequest body, ClaimsPrincipal caller, PixelFlowDbContext db, ProjectAccess access, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            errors["name"] = ["Required: 1–100 characters saying what the key is for (e.g. 'ci')."];
        }

        if (body.ExpiresAt <= now)
        {
            errors["expires_at"] = ["Must be in the future, or absent for a key that does not expire."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var (key, entity) = ApiKeys.Create(id, now);
        entity.Name = body.Name!.Trim();
        entity.ExpiresAt = body.ExpiresAt;
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/projects/{id}/api-keys",
            new CreatedApiKeyResponse(entity.Id, entity.Name, key, entity.Prefix, entity.CreatedAt, entity.ExpiresAt));
    }

    public static async Task<Results<Ok<List<ApiKeyResponse>>, ProblemHttpResult>> ListApiKeys(
        Guid id, ClaimsPrincipal caller, PixelFlowDbContext db, ProjectAccess access, CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(caller, id, ProjectRole.Member, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(key => key.ProjectId == id && key.RevokedAt == null)
            .OrderBy(key => key.CreatedAt)
            .Select(key => new ApiKeyResponse(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, key.ExpiresAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(keys);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        Guid id, Guid keyId, ClaimsPrincipal caller, PixelFlowDbContext db,
        ProjectAccess access, ActiveApiKeys activeKeys, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var prefix = await db.ApiKeys.Where(key => key.Id == keyId && key.ProjectId == id && key.RevokedAt == null)
            .Select(key => key.Prefix).SingleOrDefaultAsync(cancellationToken);
        if (prefix is null)
        {
            return ProblemResults.NotFound($"No unrevoked API key {keyId} in project {id}.");
        }

        await db.ApiKeys.Where(key => key.Id == keyId)
            .ExecuteUpdateAsync(set => set.SetProperty(key => key.RevokedAt, clock.GetUtcNow()), cancellationToken);
        activeKeys.Forget([prefix]);
        return TypedResults.NoContent();
    }
}

/// <param name="Name">What the key is for (1–100 characters).</param>
/// <param name="ExpiresAt">When it stops working; absent = never.</param>
public sealed record CreateApiKeyRequest(string? Name, DateTimeOffset? ExpiresAt);

/// <summary>A new key; <c>key</c> is shown only in this response (only a hash is stored).</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Key, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <param name="LastUsedAt">The last request it authenticated, to the minute; null = never used.</param>
public sealed record ApiKeyResponse(Guid Id, string? Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt);
