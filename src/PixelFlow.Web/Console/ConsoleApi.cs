using PixelFlow.Web.Session;

namespace PixelFlow.Web.Console;

/// <summary>
/// The API calls the console's pages make, as the signed-in user. One partial file per area of the console
/// (<c>ConsoleApi.*.cs</c>); each call goes through <see cref="AsUserAsync{T}"/> (account and <c>/v1/projects/{id}</c>
/// routes) or <see cref="InProjectAsync{T}"/> (the project-scoped routes an API key would call).
/// </summary>
public sealed partial class ConsoleApi(ApiTransport api, ConsoleSession session)
{
    public Task<List<ProjectSummary>> ListProjectsAsync(CancellationToken cancellationToken = default) =>
        AsUserAsync<List<ProjectSummary>>(HttpMethod.Get, "/v1/projects", null, cancellationToken);

    public Task<ProjectDetails> CreateProjectAsync(string name, CancellationToken cancellationToken = default) =>
        AsUserAsync<ProjectDetails>(HttpMethod.Post, "/v1/projects", new { name }, cancellationToken);

    public Task<ProjectDetails> GetProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        AsUserAsync<ProjectDetails>(HttpMethod.Get, $"/v1/projects/{id}", null, cancellationToken);

    public Task<List<ApiKeyInfo>> ListApiKeysAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        AsUserAsync<List<ApiKeyInfo>>(HttpMethod.Get, $"/v1/projects/{projectId}/api-keys", null, cancellationToken);

    public Task<CreatedApiKey> CreateApiKeyAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        AsUserAsync<CreatedApiKey>(HttpMethod.Post, $"/v1/projects/{projectId}/api-keys", new { name }, cancellationToken);

    public Task RevokeApiKeyAsync(Guid projectId, Guid keyId, CancellationToken cancellationToken = default) =>
        AsUserAsync(HttpMethod.Delete, $"/v1/projects/{projectId}/api-keys/{keyId}", null, cancellationToken);

    /// <summary>A call as the user (account routes and routes that name the project in the path).</summary>
    private async Task<T> AsUserAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        await api.SendAsync<T>(method, path, body, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    private async Task AsUserAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        await api.SendAsync(method, path, body, await session.AccessTokenAsync(cancellationToken), cancellationToken);

    /// <summary>A call on <paramref name="projectId"/>'s project-scoped routes (<c>PixelFlow-Project</c> header).</summary>
    private async Task<T> InProjectAsync<T>(Guid projectId, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        await api.SendAsync<T>(method, path, body, await session.AccessTokenAsync(cancellationToken), cancellationToken, projectId);

    private async Task InProjectAsync(Guid projectId, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        await api.SendAsync(method, path, body, await session.AccessTokenAsync(cancellationToken), cancellationToken, projectId);
}
