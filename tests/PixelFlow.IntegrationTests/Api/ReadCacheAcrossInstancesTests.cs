using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>
/// Two API instances on the same servers, each caching what it reads for a minute: a change made through one must
/// reach the other through the eviction notice, not through the cache's expiry.
/// </summary>
[Collection(ApiInstancesCollection.Name)]
public sealed class ReadCacheAcrossInstancesTests(ServersFixture servers)
{
    private static readonly TimeSpan NoticeBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AJobCanceledThroughOneInstanceIsShownCanceledByAnotherThatHadItCached()
    {
        await using var other = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>
        {
            ["Recovery:Enabled"] = "false",
            ["ReadCache:MutableSeconds"] = "60",
        });
        await ServersFixture.WaitHealthyAsync(other);
        var project = await servers.CreateProjectAsync();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var jobId = (await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>();
        (await otherClient.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("created"); // now cached there

        (await project.Client.PostAsync($"/v1/jobs/{jobId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var waited = Stopwatch.StartNew();
        while ((await otherClient.GetJobAsync(jobId))["status"]!.GetValue<string>() != "canceled")
        {
            waited.Elapsed.ShouldBeLessThan(NoticeBound, "the other instance still serves its cached copy");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ADimensionAllowlistSetThroughOneInstanceAppliesOnAnotherThatHadItCached()
    {
        await using var other = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>
        {
            ["Recovery:Enabled"] = "false",
            ["ReadCache:MutableSeconds"] = "60",
        });
        await ServersFixture.WaitHealthyAsync(other);
        var project = await servers.CreateProjectAsync();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        const string job = """{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150,"format":"webp"}]}""";
        (await otherClient.PostJsonAsync("/v1/jobs", job)).StatusCode.ShouldBe(HttpStatusCode.Created); // no allowlist, cached

        var put = await project.Client.PutAsync("/v1/projects/current/allowed-dimensions",
            new StringContent("""{"allowed_dimensions":[{"width":300}]}""", System.Text.Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var waited = Stopwatch.StartNew();
        while ((await otherClient.PostJsonAsync("/v1/jobs", job)).StatusCode != HttpStatusCode.BadRequest)
        {
            waited.Elapsed.ShouldBeLessThan(NoticeBound, "the other instance still applies no allowlist");
            await Task.Delay(20);
        }
    }
}
