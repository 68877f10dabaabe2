using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Projects;

public sealed class ApiKeysTests(ServersFixture servers)
{
    [Fact]
    public async Task ACreatedKeyIsShownOnceAndListedWithoutItsSecret()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();

        var created = await user.CreateApiKeyAsync(id, "ci");
        using var keyClient = servers.Api.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["key"]!.GetValue<string>());
        (await keyClient.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.OK);

        created["key"]!.GetValue<string>().ShouldStartWith(created["prefix"]!.GetValue<string>() + "_");
        var listed = JsonNode.Parse(await user.Client.GetStringAsync($"/v1/projects/{id}/api-keys"))!.AsArray().ShouldHaveSingleItem()!.AsObject();
        listed.Select(member => member.Key).Order().ShouldBe(["created_at", "expires_at", "id", "last_used_at", "name", "prefix"]);
        listed["name"]!.GetValue<string>().ShouldBe("ci");
        listed["last_used_at"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AnExpiredKeyNoLongerAuthenticates()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var response = await user.Client.PostJsonAsync($"/v1/projects/{id}/api-keys", $$"""{"name":"short","expires_at":"{{expiresAt:O}}"}""");
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var keyClient = servers.Api.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["key"]!.GetValue<string>());

        await Poll.UntilAsync(async () => (await keyClient.GetAsync("/v1/projects/current")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), status => $"the expired key still works ({status})");
    }

    [Fact]
    public async Task AKeyInThePastOrWithoutANameIsRefused()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();

        var response = await user.Client.PostJsonAsync($"/v1/projects/{id}/api-keys", """{"expires_at":"2020-01-01T00:00:00Z"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadProblemAsync())["errors"]!.AsObject();
        errors.Select(error => error.Key).Order().ShouldBe(["expires_at", "name"]);
    }

    [Fact]
    public async Task AnApiKeyCannotManageKeysOfItsOwnProjectNorSeeAnotherProject()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();
        var other = await servers.CreateProjectAsync();
        using var keyClient = servers.Api.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await user.CreateApiKeyAsync(id))["key"]!.GetValue<string>());

        (await keyClient.PostJsonAsync($"/v1/projects/{id}/api-keys", """{"name":"more"}""")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await keyClient.GetAsync($"/v1/projects/{id}/api-keys")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await keyClient.GetAsync($"/v1/projects/{other.ProjectId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
