using PixelFlow.Web.Session;

namespace PixelFlow.Web.Console;

/// <summary>The API calls the console's pages make, as the signed-in user.</summary>
public sealed class ConsoleApi(ApiTransport api, ConsoleSession session)
{
    public async Task<List<ProjectSummary>> ListProjectsAsync(CancellationToken cancellationToken = default) =>
        await api.SendAsync<List<ProjectSummary>>(HttpMethod.Get, "/v1/projects", null, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    public async Task<ProjectDetails> CreateProjectAsync(string name, CancellationToken cancellationToken = default) =>
        await api.SendAsync<ProjectDetails>(HttpMethod.Post, "/v1/projects", new { name }, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    public async Task<ProjectDetails> GetProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        await api.SendAsync<ProjectDetails>(HttpMethod.Get, $"/v1/projects/{id}", null, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    public async Task<List<ApiKeyInfo>> ListApiKeysAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        await api.SendAsync<List<ApiKeyInfo>>(HttpMethod.Get, $"/v1/projects/{projectId}/api-keys", null, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    public async Task<CreatedApiKey> CreateApiKeyAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        await api.SendAsync<CreatedApiKey>(HttpMethod.Post, $"/v1/projects/{projectId}/api-keys", new { name }, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    public async Task RevokeApiKeyAsync(Guid projectId, Guid keyId, CancellationToken cancellationToken = default) =>
        await api.SendAsync(HttpMethod.Delete, $"/v1/projects/{projectId}/api-keys/{keyId}", null, await session.AccessTokenAsync(cancellationToken), cancellationToken);
}
