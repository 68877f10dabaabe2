using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Shouldly;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>A registered user and a client signed in as it.</summary>
public sealed record TestUser(string Email, string Password, string RefreshToken, HttpClient Client);

/// <summary>The steps a client of the accounts API takes, as tests use them.</summary>
public static class AccountClient
{
    public const string Password = "correct horse battery staple";

    /// <summary>An email no other test (or earlier run) uses.</summary>
    public static string NewEmail(string name = "user") => $"{name}-{Guid.NewGuid():N}@example.test";

    /// <summary>Registers a new user, signs in and returns a client that sends its access token.</summary>
    public static async Task<TestUser> SignUpAsync(this ServersFixture servers, string? email = null)
    {
        email ??= NewEmail();
        using var anonymous = servers.Api.CreateClient();
        var registered = await anonymous.PostJsonAsync("/v1/auth/register", $$"""{"email":"{{email}}","password":"{{Password}}"}""");
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var tokens = await anonymous.LoginAsync(email, Password);
        var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        return new TestUser(email, Password, tokens["refresh_token"]!.GetValue<string>(), client);
    }

    /// <summary>POST /v1/auth/login; asserts 200 and returns the token response.</summary>
    public static async Task<JsonObject> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostJsonAsync("/v1/auth/login", $$"""{"email":"{{email}}","password":"{{password}}"}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>POST /v1/projects as <paramref name="user"/>; asserts 201 and returns the project.</summary>
    public static async Task<JsonObject> CreateProjectAsync(this TestUser user, string body = """{"name":"photos"}""")
    {
        var response = await user.Client.PostJsonAsync("/v1/projects", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>POST /v1/projects/{id}/api-keys as <paramref name="user"/>; asserts 201 and returns the created key.</summary>
    public static async Task<JsonObject> CreateApiKeyAsync(this TestUser user, string projectId, string name = "ci")
    {
        var response = await user.Client.PostJsonAsync($"/v1/projects/{projectId}/api-keys", $$"""{"name":"{{name}}"}""");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, string json) =>
        client.PatchAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
