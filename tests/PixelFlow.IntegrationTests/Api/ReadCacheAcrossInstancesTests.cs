using System.Net;
using System.Net.Http.Headers;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>
/// Two API instances on the same servers, each caching what it reads for a minute: a change made through one must
/// reach the other through the eviction notice, not through the cache's expiry.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class ReadCacheAcrossInstancesTests(ServersFixture servers)
{
    private static readonly TimeSpan NoticeBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AJobCanceledThroughOneInstanceIsShownCanceledByAnotherThatHadItCached()
    {
        var project = await servers.CreateProjectAsync();
        await using var other = await OtherInstanceAsync();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var jobId = (await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>();
        (await otherClient.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("created"); // now cached there

        (await project.Client.PostAsync($"/v1/jobs/{jobId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Poll.UntilAsync(async () => (await otherClient.GetJobAsync(jobId))["status"]!.GetValue<string>(),
            status => status == "canceled", NoticeBound, status => $"the other instance still serves its cached copy ({status})");
    }

    [Fact]
    public async Task ADimensionAllowlistSetThroughOneInstanceAppliesOnAnotherThatHadItCached()
    {
        var project = await servers.CreateProjectAsync();
        await using var other = await OtherInstanceAsync();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        const string job = """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150,"format":"webp"}]}""";
        (await otherClient.PostJsonAsync("/v1/jobs", job)).StatusCode.ShouldBe(HttpStatusCode.Created); // no allowlist, cached

        var put = await project.Client.PutAsync("/v1/projects/current/allowed-dimensions",
            new StringContent("""{"allowed_dimensions":[{"width":300}]}""", System.Text.Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        await Poll.UntilAsync(async () => (await otherClient.PostJsonAsync("/v1/jobs", job)).StatusCode,
            status => status == HttpStatusCode.BadRequest, NoticeBound, status => $"the other instance still applies no allowlist ({status})");
    }

    [Fact]
    public async Task AKeyRevokedThroughOneInstanceIsRefusedByAnotherThatHadItCachedWithinTwoSeconds()
    {
        var user = await servers.SignUpAsync();
        var projectId = (await user.CreateProjectAsync())["id"]!.GetValue<string>();
        var created = await user.CreateApiKeyAsync(projectId);
        await using var other = await OtherInstanceAsync();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["key"]!.GetValue<string>());
        (await otherClient.GetAsync("/v1/projects/current")).StatusCode.ShouldBe(HttpStatusCode.OK); // cached there for a minute

        var revoked = await user.Client.DeleteAsync($"/v1/projects/{projectId}/api-keys/{created["id"]!.GetValue<string>()}");
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Poll.UntilAsync(async () => (await otherClient.GetAsync("/v1/projects/current")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2), status => $"the other instance still accepts the revoked key ({status})");
    }

    /// <summary>A second API instance that would trust what it cached for a minute, were it not told of changes.</summary>
    private async Task<ServersFixture.ServiceFactory<Program>> OtherInstanceAsync()
    {
        var other = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>
        {
            ["Recovery:Enabled"] = "false",
            ["ReadCache:MutableSeconds"] = "60",
        });
        await ServersFixture.WaitHealthyAsync(other);
        return other;
    }
}
