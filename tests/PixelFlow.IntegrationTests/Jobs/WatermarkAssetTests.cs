using System.Net;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class WatermarkAssetTests(ServersFixture servers)
{
    private static byte[] Logo => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "logo.png"));

    [Fact]
    public async Task AnUploadedAssetWatermarksAJobOutput()
    {
        var project = await servers.CreateProjectAsync();
        var put = await project.Client.PutAsync("/v1/assets/brand/logo.png", new ByteArrayContent(Logo));
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());

        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo,
            """[{"id":"card","steps":[{"action":"resize","width":400},{"action":"watermark","image_key":"brand/logo.png","scale":0.25,"gravity":"southeast","margin":8}],"format":"jpeg"}]""");

        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        job["outputs"]![0]!["width"]!.GetValue<int>().ShouldBe(400);
        var listed = JsonNode.Parse(await project.Client.GetStringAsync("/v1/assets"))!.AsArray();
        listed.Select(asset => asset!["key"]!.GetValue<string>()).ShouldContain("brand/logo.png");
    }

    [Fact]
    public async Task AJobNamingAMissingAssetIsA400ProblemAtCreation()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs",
            """{"source_type":"s3_presigned","pipeline":[{"id":"a","steps":[{"action":"watermark","image_key":"nope.png"}]}]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("pipeline[0].steps[0].image_key");
    }

    [Fact]
    public async Task AnAssetThatIsNotAnImageIsA415Problem()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PutAsync("/v1/assets/evil.svg", new ByteArrayContent("<svg/>"u8.ToArray()));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await project.Client.DeleteAsync("/v1/assets/evil.svg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AssetsOfAnotherProjectCannotBeUsed()
    {
        var owner = await servers.CreateProjectAsync();
        var stranger = await servers.CreateProjectAsync();
        (await owner.Client.PutAsync("/v1/assets/logo.png", new ByteArrayContent(Logo))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await stranger.Client.PostJsonAsync("/v1/jobs",
            """{"source_type":"s3_presigned","pipeline":[{"id":"a","steps":[{"action":"watermark","image_key":"logo.png"}]}]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
