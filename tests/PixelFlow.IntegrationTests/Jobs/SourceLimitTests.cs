using System.Net;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

/// <summary>Hostile-input limits through the whole stack (the engine's own tests cover each crafted file).</summary>
public sealed class SourceLimitTests(ServersFixture servers)
{
    [Fact]
    public async Task AProjectPixelLimitFailsLargerSourcesWithAStableCode()
    {
        var project = await servers.CreateProjectAsync();
        var set = await project.Client.PutAsync("/v1/projects/current/limits",
            new StringContent("""{"max_source_pixels":100000}""", System.Text.Encoding.UTF8, "application/json"));
        set.StatusCode.ShouldBe(HttpStatusCode.OK);

        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo);

        job["status"]!.GetValue<string>().ShouldBe("failed");
        job["error"]!["code"]!.GetValue<string>().ShouldBe("too_many_pixels");
    }

    [Fact]
    public async Task ATruncatedJpegFailsAndTheJobsAroundItSucceed()
    {
        var project = await servers.CreateProjectAsync();
        var truncated = TestImages.Photo[..(TestImages.Photo.Length / 2)];

        var results = await Task.WhenAll(
            project.RunJobAsync(servers.Storage, TestImages.Photo),
            project.RunJobAsync(servers.Storage, truncated),
            project.RunJobAsync(servers.Storage, TestImages.Photo));

        results[0]["status"]!.GetValue<string>().ShouldBe("succeeded");
        results[1]["status"]!.GetValue<string>().ShouldBe("failed");
        results[1]["error"]!["code"]!.GetValue<string>().ShouldBe("source_corrupt");
        results[2]["status"]!.GetValue<string>().ShouldBe("succeeded");
    }

    [Fact]
    public async Task AnEmptySourceFailsWithSourceEmpty()
    {
        var project = await servers.CreateProjectAsync();

        var job = await project.RunJobAsync(servers.Storage, []);

        job["status"]!.GetValue<string>().ShouldBe("failed");
        job["error"]!["code"]!.GetValue<string>().ShouldBe("source_empty");
    }
}
