using System.Net;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Projects;

/// <summary>A signed-in user acts on a project's job, event and settings endpoints by naming it in <c>PixelFlow-Project</c>.</summary>
public sealed class ProjectScopeTests(ServersFixture servers)
{
    private const string PresignedJob = """{"source_type":"s3_presigned","pipeline":[{"id":"thumb","action":"resize","width":150,"format":"webp"}]}""";

    [Fact]
    public async Task AMemberCreatesAndListsJobsOfTheProjectItNamesAndTheJobRecordsItsUser()
    {
        var user = await servers.SignUpAsync();
        var projectId = (await user.CreateProjectAsync())["id"]!.GetValue<string>();

        var created = await SendAsync(user, HttpMethod.Post, "/v1/jobs", projectId, PresignedJob);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var jobId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>();

        var listed = await SendAsync(user, HttpMethod.Get, "/v1/jobs", projectId);
        var page = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!;
        page["data"]!.AsArray().Select(job => job!["job_id"]!.GetValue<string>()).ShouldContain(jobId);
        var usage = await SendAsync(user, HttpMethod.Get, "/v1/usage?group_by=user", projectId);
        usage.StatusCode.ShouldBe(HttpStatusCode.OK, await usage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutTheHeaderAUserIsToldToNameTheProject()
    {
        var user = await servers.SignUpAsync();

        var response = await user.Client.GetAsync("/v1/jobs");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("PixelFlow-Project");
    }

    [Fact]
    public async Task AProjectOfSomeoneElseOrAMalformedIdIsRefusedAsUnauthenticated()
    {
        var owner = await servers.SignUpAsync();
        var stranger = await servers.SignUpAsync();
        var projectId = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();

        var foreign = await SendAsync(stranger, HttpMethod.Get, "/v1/jobs", projectId);
        var malformed = await SendAsync(stranger, HttpMethod.Get, "/v1/jobs", "not-a-uuid");

        foreign.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("names no project of yours");
        malformed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await malformed.Content.ReadAsStringAsync()).ShouldContain("must be a project id");
    }

    [Fact]
    public async Task MembersUseTheProjectButOnlyOwnersChangeItsSettingsOrSeeItsWebhookSecret()
    {
        var owner = await servers.SignUpAsync();
        var member = await servers.SignUpAsync();
        var projectId = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();
        (await owner.Client.PostJsonAsync($"/v1/projects/{projectId}/members", $$"""{"email":"{{member.Email}}"}""")).StatusCode
            .ShouldBe(HttpStatusCode.Created);
        const string preset = """{"action":"resize","width":300,"format":"webp"}""";

        var byMember = await SendAsync(member, HttpMethod.Put, "/v1/projects/current/presets/card", projectId, preset);
        var secretByMember = await SendAsync(member, HttpMethod.Get, "/v1/projects/current", projectId);
        var presetsByMember = await SendAsync(member, HttpMethod.Get, "/v1/projects/current/presets", projectId);
        var byOwner = await SendAsync(owner, HttpMethod.Put, "/v1/projects/current/presets/card", projectId, preset);
        var projectAsMember = JsonNode.Parse(await member.Client.GetStringAsync($"/v1/projects/{projectId}"))!;
        var projectAsOwner = JsonNode.Parse(await owner.Client.GetStringAsync($"/v1/projects/{projectId}"))!;

        byMember.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await byMember.Content.ReadAsStringAsync()).ShouldContain("only its owners may, and you are a member");
        secretByMember.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        presetsByMember.StatusCode.ShouldBe(HttpStatusCode.OK);
        byOwner.StatusCode.ShouldBe(HttpStatusCode.OK, await byOwner.Content.ReadAsStringAsync());
        projectAsMember["settings"]!["webhook"]!["secret"].ShouldBeNull();
        projectAsOwner["settings"]!["webhook"]!["secret"]!.GetValue<string>().ShouldStartWith("whsec_");
    }

    [Fact]
    public async Task TheHeaderDoesNotDemoteAnOwnerOnRoutesThatNameTheProject()
    {
        var owner = await servers.SignUpAsync();
        var projectId = (await owner.CreateProjectAsync())["id"]!.GetValue<string>();

        var keys = await SendAsync(owner, HttpMethod.Post, $"/v1/projects/{projectId}/api-keys", projectId, """{"name":"ci"}""");

        keys.StatusCode.ShouldBe(HttpStatusCode.Created, await keys.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user, HttpMethod method, string path, string projectId, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("PixelFlow-Project", projectId);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return user.Client.SendAsync(request);
    }
}
