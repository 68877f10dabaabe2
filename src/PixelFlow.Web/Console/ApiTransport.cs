using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PixelFlow.Web.Console;

/// <summary>
/// The HTTP client for the API (found through service discovery: <c>http://api</c>), with the one way responses are
/// read: a success body as JSON, anything else as an <see cref="ApiProblem"/>. A call that names a project sends it in
/// the API's <c>PixelFlow-Project</c> header, which lets the signed-in user use the project-scoped endpoints
/// (<c>/v1/jobs</c>, <c>/v1/events</c>, <c>/v1/projects/current/*</c>, <c>/v1/usage</c>) as an API key would.
/// </summary>
public sealed class ApiTransport(HttpClient http)
{
    /// <summary>The header that names the project a signed-in user's request acts on.</summary>
    public const string ProjectHeader = "PixelFlow-Project";

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken,
        Guid? projectId = null)
    {
        using var response = await SendRawAsync(method, path, body, accessToken, projectId, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(ConsoleJson.Options, cancellationToken))!;
    }

    public async Task SendAsync(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken,
        Guid? projectId = null)
    {
        using var response = await SendRawAsync(method, path, body, accessToken, projectId, cancellationToken);
    }

    /// <summary>A request as every call sends it: JSON body, the user's access token, the project header when one is named.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, object? body, string? accessToken, Guid? projectId)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is HttpContent content)
            request.Content = content;
        else if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: ConsoleJson.Options);
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (projectId is { } project)
            request.Headers.Add(ProjectHeader, project.ToString());
        return request;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? accessToken, Guid? projectId,
        CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body, accessToken, projectId);
        return await EnsureSuccessAsync(await http.SendAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>The response when it succeeded; otherwise (disposing it) the API's problem as an exception.</summary>
    public static async Task<HttpResponseMessage> EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return response;

        using (response)
            throw await ProblemOf(response, cancellationToken);
    }

    private static async Task<ApiProblem> ProblemOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ApiProblem.Body? body = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                body = await response.Content.ReadFromJsonAsync<ApiProblem.Body>(ConsoleJson.Options, cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
                // not a problem document after all: the status says enough
            }
        }

        return new ApiProblem((int)response.StatusCode, body?.Title ?? response.ReasonPhrase ?? "Request failed", body?.Detail, body?.Errors);
    }
}
