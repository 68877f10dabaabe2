using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Projects;

public sealed class UserProjectsTests(ServersFixture servers)
{
    private const string FullProject = """
        {"name":"catalogue",
         "settings":{"variant_presets":{"thumb":{"action":"resize","width":150,"format":"webp"}},
                     "allowed_dimensions":[{"width":150},{"width":300}],
                     "limits":{"max_source_pixels":50000000},
                     "rate_limit":{"capacity":40,"refill_per_second":4},
                     "webhook":{"url":"https://hooks.example.test/pixelflow"}},
         "quotas":{"stored_bytes":1000000000,"processed_pixels_per_month":500000000,"files":10000}}
        """;

    [Fact]
    public async Task AUserCreatesAProjectWithSettingsAndQuotasAndOwnsIt()
    {
        var user = await servers.SignUpAsync();

        var project = await user.CreateProjectAsync(FullProject);

        project["role"]!.GetValue<string>().ShouldBe("owner");
        project["settings"]!["variant_presets"]!["thumb"]!["format"]!.GetValue<string>().ShouldBe("webp");
        project["settings"]!["variant_presets"]!["thumb"]!["steps"]![0]!["width"]!.GetValue<int>().ShouldBe(150);
        project["settings"]!["webhook"]!["url"]!.GetValue<string>().ShouldBe("https://hooks.example.test/pixelflow");
        project["settings"]!["webhook"]!["secret"]!.GetValue<string>().ShouldStartWith("whsec_");
        project["settings"]!["rate_limit"]!["capacity"]!.GetValue<int>().ShouldBe(40);
        project["quotas"]!["files"]!.GetValue<long>().ShouldBe(10000);
        var listed = JsonNode.Parse(await user.Client.GetStringAsync("/v1/projects"))!.AsArray();
        listed.ShouldHaveSingleItem()!["id"]!.GetValue<string>().ShouldBe(project["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchReplacesOnlyTheTopLevelFieldsItNames()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync(FullProject))["id"]!.GetValue<string>();

        var renamed = await PatchAsync(user, id, """{"name":"renamed"}""");
        renamed["name"]!.GetValue<string>().ShouldBe("renamed");
        renamed["settings"]!["variant_presets"]!.AsObject().Select(preset => preset.Key).ShouldBe(["thumb"]);
        renamed["quotas"]!["files"]!.GetValue<long>().ShouldBe(10000);

        var resettled = await PatchAsync(user, id, """{"settings":{"variant_presets":{"large":{"action":"resize","width":1200}}}}""");
        resettled["settings"]!["variant_presets"]!.AsObject().Select(preset => preset.Key).ShouldBe(["large"]);
        resettled["settings"]!["allowed_dimensions"].ShouldBeNull();
        resettled["settings"]!["webhook"]!["url"].ShouldBeNull();
        resettled["quotas"]!["files"]!.GetValue<long>().ShouldBe(10000);
    }

    [Fact]
    public async Task TheSettingsAProjectAnswersArePatchedBackUnchanged()
    {
        var user = await servers.SignUpAsync();
        var created = await user.CreateProjectAsync("""
            {"name":"round trip","settings":{"variant_presets":{
              "thumb":{"action":"resize","width":150,"format":"webp"},
              "card":{"steps":[{"action":"resize","width":800,"height":600,"fit":"cover"},{"action":"watermark","text":"© ACME","gravity":"southeast"}],"format":"avif","quality":60}}}}
            """);
        var settings = created["settings"]!.ToJsonString();

        var patched = await PatchAsync(user, created["id"]!.GetValue<string>(), $$"""{"settings":{{settings}}}""");

        patched["settings"]!.ToJsonString().ShouldBe(settings);
    }

    [Fact]
    public async Task VariantPresetsAreTheSamePresetsJobsAndTheCurrentProjectEndpointsUse()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync("""{"name":"p","settings":{"variant_presets":{"thumb":{"action":"resize","width":150,"format":"webp"}}}}"""))["id"]!.GetValue<string>();
        var key = (await user.CreateApiKeyAsync(id))["key"]!.GetValue<string>();
        using var keyClient = servers.Api.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        (await keyClient.GetAsync("/v1/projects/current/presets/thumb")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var job = await keyClient.CreateJobAsync("""[{"id":"t","preset":"thumb"}]""");

        job["pipeline"]?.ToJsonString().ShouldContain("webp");
    }

    [Fact]
    public async Task AnotherUsersProjectIsNotFoundAndAMemberAskingForAnOwnerActionIsForbidden()
    {
        var owner = await servers.SignUpAsync();
        var member = await servers.SignUpAsync();
        var stranger = await servers.SignUpAsync();
        var id = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();
        (await owner.Client.PostJsonAsync($"/v1/projects/{id}/members", $$"""{"email":"{{member.Email}}"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var strangerGet = await stranger.Client.GetAsync($"/v1/projects/{id}");
        var memberGet = await member.Client.GetAsync($"/v1/projects/{id}");
        var memberPatch = await member.Client.PatchJsonAsync($"/v1/projects/{id}", """{"name":"mine"}""");
        var memberDelete = await member.Client.DeleteAsync($"/v1/projects/{id}");

        strangerGet.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerGet.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
        memberGet.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await memberGet.Content.ReadAsStringAsync())!["role"]!.GetValue<string>().ShouldBe("member");
        memberPatch.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await memberPatch.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/forbidden");
        memberDelete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheLastOwnerCannotBeRemoved()
    {
        var owner = await servers.SignUpAsync();
        var id = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();
        var members = JsonNode.Parse(await owner.Client.GetStringAsync($"/v1/projects/{id}/members"))!.AsArray();

        var removed = await owner.Client.DeleteAsync($"/v1/projects/{id}/members/{members[0]!["user_id"]!.GetValue<string>()}");

        removed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADeletedProjectDisappearsItsKeysStopAtOnceAndRestoreBringsBothBack()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();
        using var keyClient = servers.Api.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await user.CreateApiKeyAsync(id))["key"]!.GetValue<string>());
        (await keyClient.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.OK); // the key is cached now

        (await user.Client.DeleteAsync($"/v1/projects/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await keyClient.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Client.GetAsync($"/v1/projects/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await user.Client.GetStringAsync("/v1/projects"))!.AsArray().ShouldBeEmpty();

        var restored = await user.Client.PostAsync($"/v1/projects/{id}/restore", null);
        restored.StatusCode.ShouldBe(HttpStatusCode.OK, await restored.Content.ReadAsStringAsync());
        (await keyClient.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AProjectDeletedLongerAgoThanTheRetentionCannotBeRestored()
    {
        var user = await servers.SignUpAsync();
        var id = (await user.CreateProjectAsync())["id"]!.GetValue<string>();
        (await user.Client.DeleteAsync($"/v1/projects/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await db.Projects.Where(project => project.Id == Guid.Parse(id))
                .ExecuteUpdateAsync(set => set.SetProperty(project => project.DeletedAt, DateTimeOffset.UtcNow.AddDays(-8)));
        }

        var restored = await user.Client.PostAsync($"/v1/projects/{id}/restore", null);

        restored.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await restored.ReadProblemAsync())["detail"]!.GetValue<string>().ShouldContain("7 days");
    }

    [Theory]
    [InlineData("""{"name":"x","colour":"red"}""", "/problems/malformed-request", "colour")]
    [InlineData("""{"name":""}""", "/problems/validation", "name")]
    [InlineData("""{"name":"x","settings":{"variant_presets":{"thumb":{"action":"resize","width":-5}}}}""", "/problems/validation", "settings.variant_presets.thumb")]
    [InlineData("""{"name":"x","settings":{"variant_presets":{"Bad Name":{"action":"resize","width":5}}}}""", "/problems/validation", "settings.variant_presets.Bad Name")]
    [InlineData("""{"name":"x","settings":{"webhook":{"url":"ftp://example.test"}}}""", "/problems/validation", "settings.webhook.url")]
    [InlineData("""{"name":"x","settings":{"rate_limit":{"capacity":0,"refill_per_second":1}}}""", "/problems/validation", "settings.rate_limit.capacity")]
    [InlineData("""{"name":"x","quotas":{"files":-1}}""", "/problems/validation", "quotas.files")]
    public async Task ABadProjectBodyIsAProblemNamingTheField(string body, string type, string field)
    {
        var user = await servers.SignUpAsync();

        var response = await user.Client.PostJsonAsync("/v1/projects", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(type);
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldContain(key => key.StartsWith(field, StringComparison.Ordinal),
            problem.ToJsonString());
    }

    private static async Task<JsonObject> PatchAsync(TestUser user, string id, string body)
    {
        var response = await user.Client.PatchJsonAsync($"/v1/projects/{id}", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
