using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PixelFlow.Web.Console;

/// <summary>
/// The HTTP client for the API (found through service discovery: <c>http://api</c>), with the one way responses are
/// read: a success body as JSON, anything else as an <see cref="ApiProblem"/>.
/// </summary>
public sealed class ApiTransport(HttpClient http)
{
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, accessToken, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(ConsoleJson.Options, cancellationToken))!;
    }

    public async Task SendAsync(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, accessToken, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: ConsoleJson.Options);
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await http.SendAsync(request, cancellationToken);
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
