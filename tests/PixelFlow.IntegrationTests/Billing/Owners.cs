using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>Project owners and their plans, as the billing tests set them up.</summary>
public static class Owners
{
    /// <summary>The user's id (GET /v1/auth/me).</summary>
    public static async Task<Guid> IdAsync(this TestUser user) =>
        (await user.Client.GetFromJsonAsync<JsonObject>("/v1/auth/me"))!["id"]!.GetValue<Guid>();

    /// <summary>A client of <paramref name="factory"/>'s host that sends the user's access token.</summary>
    public static HttpClient ClientOn(this TestUser user, Func<HttpClient> factory)
    {
        var client = factory();
        client.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>PUT /v1/admin/users/{id}/plan with the operator key; returns the response.</summary>
    public static Task<HttpResponseMessage> AssignPlanAsync(HttpClient anonymous, Guid userId, string plan, string operatorKey = ServersFixture.OperatorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/admin/users/{userId}/plan") { Content = JsonContent.Create(new { plan }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        return anonymous.SendAsync(request);
    }

    /// <summary>A new user on <paramref name="plan"/> (the operator put them there) who created a project and an API key for it.</summary>
    public static async Task<(TestProject Project, TestUser Owner)> CreateOwnedProjectAsync(ServersFixture servers, string plan)
    {
        var owner = await servers.SignUpAsync();
        using var anonymous = servers.Api.CreateClient();
        var assigned = await AssignPlanAsync(anonymous, await owner.IdAsync(), plan);
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        var projectId = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();
        var key = (await owner.CreateApiKeyAsync(projectId))["key"]!.GetValue<string>();
        var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (new TestProject(Guid.Parse(projectId), key, client), owner);
    }
}
