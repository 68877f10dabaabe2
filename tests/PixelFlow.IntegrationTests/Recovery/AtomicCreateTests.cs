using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Recovery;

/// <summary>A multipart create while Postgres is down: a clean 503, and the client's retry finishes the one job.</summary>
[Collection(IsolatedCollection.Name)]
public sealed class AtomicCreateTests(ServersFixture servers)
{
    [Fact]
    public async Task AnUploadWhileTheDatabaseIsDownIsA503AndItsRetryWithTheSameKeyMakesExactlyOneJobThatSucceeds()
    {
        var project = await servers.CreateProjectAsync();
        var key = $"upload-{Guid.NewGuid():N}";
        // Authenticated once while the database is up, so the outage hits the create itself, after the upload.
        (await project.Client.GetAsync("/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        HttpResponseMessage refused;
        await servers.Servers.StopAsync("postgres");
        try
        {
            refused = await project.Client.SendAsync(Upload(key));
        }
        finally
        {
            await servers.Servers.StartAsync("postgres");
        }

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unavailable");

        var retried = await project.Client.SendAsync(Upload(key));
        var body = await retried.Content.ReadAsStringAsync();
        retried.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var again = await project.Client.SendAsync(Upload(key));
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);

        var jobId = JsonNode.Parse(body)!["job_id"]!.GetValue<string>();
        (await project.Client.WaitFinishedAsync(jobId, timeoutSeconds: 120))["status"]!.GetValue<string>().ShouldBe("succeeded");
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var jobs = await scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>().Jobs
            .Where(job => job.ProjectId == project.ProjectId).Select(job => job.Id).ToListAsync();
        jobs.ShouldBe([Guid.Parse(jobId)]);
    }

    private static HttpRequestMessage Upload(string idempotencyKey) => new(HttpMethod.Post, "/v1/jobs")
    {
        Headers = { { "Idempotency-Key", idempotencyKey } },
        Content = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "photo.jpg" },
            { new StringContent("120"), "width" },
        },
    };
}
