using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class JobFlowTests(ServersFixture servers)
{
    [Fact]
    public async Task PresignedUploadJobProducesA150PixelWideWebpThatDownloads()
    {
        var project = await servers.CreateProjectAsync();

        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo);

        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        job["error"].ShouldBeNull();
        var output = job["outputs"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        output["id"]!.GetValue<string>().ShouldBe("thumb_small");
        output["format"]!.GetValue<string>().ShouldBe("webp");
        output["width"]!.GetValue<int>().ShouldBe(150);
        output["height"]!.GetValue<int>().ShouldBe(100);
        var bytes = await servers.Storage.GetByteArrayAsync(output["url"]!.GetValue<string>());
        output["bytes"]!.GetValue<long>().ShouldBe(bytes.Length);
        var decoded = TestImages.Inspect(bytes);
        decoded.Format.ShouldBe("webp");
        (decoded.Width, decoded.Height).ShouldBe((150, 100));
    }

    [Fact]
    public async Task AJobShowsEachOutputsStepsAsNormalisedWithOnlyTheFieldsGiven()
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync(
            """[{"id":"thumb","action":"resize","width":150,"format":"webp"},{"id":"soft","steps":[{"action":"blur","sigma":2},{"action":"grayscale"}]}]""");

        var job = await project.Client.GetJobAsync(created["job_id"]!.GetValue<string>());

        var outputs = job["outputs"]!.AsArray();
        outputs[0]!["steps"]!.ToJsonString().ShouldBe("""[{"action":"resize","width":150}]""");
        outputs[1]!["steps"]!.ToJsonString().ShouldBe("""[{"action":"blur","sigma":2},{"action":"grayscale"}]""");
    }

    [Fact]
    public async Task StartingBeforeTheSourceIsUploadedIsAConflictAndQueuesNothing()
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();

        var response = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/source-not-uploaded");
        (await project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("created");
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var pattern = $"%{jobId}%";
        (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE payload::text LIKE {pattern}")
            .SingleAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AnUndecodableSourceFailsTheJobWithAStableCode()
    {
        var project = await servers.CreateProjectAsync();

        var job = await project.RunJobAsync(servers.Storage, "this is not an image"u8.ToArray());

        job["status"]!.GetValue<string>().ShouldBe("failed");
        job["error"]!["code"]!.GetValue<string>().ShouldBe("unsupported_format");
        job["error"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        job["outputs"]!.AsArray().ShouldAllBe(output => output!["status"]!.GetValue<string>() == "pending");
    }

    [Fact]
    public async Task StartingAQueuedJobAgainIsAcceptedWithoutASecondCommand()
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(created, TestImages.Photo);

        var first = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);
        var second = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        second.StatusCode.ShouldBeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
        (await project.Client.WaitFinishedAsync(jobId))["status"]!.GetValue<string>().ShouldBe("succeeded");
    }

    [Fact]
    public async Task AJobOfAnotherProjectIsNotFound()
    {
        var owner = await servers.CreateProjectAsync("owner");
        var stranger = await servers.CreateProjectAsync("stranger");
        var jobId = (await owner.Client.CreateJobAsync())["job_id"]!.GetValue<string>();

        var read = await stranger.Client.GetAsync($"/v1/jobs/{jobId}");
        var start = await stranger.Client.PostAsync($"/v1/jobs/{jobId}/start", null);

        read.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await read.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
        start.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.Client.GetAsync($"/v1/jobs/{jobId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
