using System.Net;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class PresetTests(ServersFixture servers)
{
    [Fact]
    public async Task AJobOutputCanUseAStoredPreset()
    {
        var project = await servers.CreateProjectAsync();
        var put = await Put(project.Client, "/v1/projects/current/presets/thumb_small",
            """{"steps":[{"action":"resize","width":64,"height":64,"fit":"cover"}],"format":"webp","quality":70}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo, """[{"id":"avatar","preset":"thumb_small"}]""");

        job["status"]!.GetValue<string>().ShouldBe("succeeded");
        var output = job["outputs"]![0]!;
        (output["id"]!.GetValue<string>(), output["format"]!.GetValue<string>(), output["width"]!.GetValue<int>(), output["height"]!.GetValue<int>())
            .ShouldBe(("avatar", "webp", 64, 64));
        var listed = JsonNode.Parse(await project.Client.GetStringAsync("/v1/projects/current/presets"))!.AsArray();
        listed.Select(preset => preset!["name"]!.GetValue<string>()).ShouldBe(["thumb_small"]);
    }

    [Fact]
    public async Task AnUnknownPresetOrAPresetWithExtraFieldsIsA400Problem()
    {
        var project = await servers.CreateProjectAsync();
        await Put(project.Client, "/v1/projects/current/presets/p1", """{"steps":[{"action":"grayscale"}]}""");

        var unknown = await project.Client.PostJsonAsync("/v1/jobs", """{"source_type":"s3_presigned","pipeline":[{"id":"a","preset":"nope"}]}""");
        var mixed = await project.Client.PostJsonAsync("/v1/jobs", """{"source_type":"s3_presigned","pipeline":[{"id":"a","preset":"p1","format":"png"}]}""");

        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("pipeline[0].preset");
        mixed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await mixed.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("pipeline[0].preset");
    }

    [Fact]
    public async Task AnInvalidPresetBodyIsRejectedNamingTheField()
    {
        var project = await servers.CreateProjectAsync();

        var response = await Put(project.Client, "/v1/projects/current/presets/bad", """{"steps":[{"action":"resize","width":0}]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("$.steps[0].width");
    }

    [Fact]
    public async Task PresetsOfAnotherProjectAreInvisible()
    {
        var owner = await servers.CreateProjectAsync();
        var stranger = await servers.CreateProjectAsync();
        await Put(owner.Client, "/v1/projects/current/presets/mine", """{"format":"png"}""");

        (await stranger.Client.GetAsync("/v1/projects/current/presets/mine")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var job = await stranger.Client.PostJsonAsync("/v1/jobs", """{"source_type":"s3_presigned","pipeline":[{"id":"a","preset":"mine"}]}""");
        job.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WithADimensionAllowlistOnlyListedSizesAreAccepted()
    {
        var project = await servers.CreateProjectAsync();
        var set = await Put(project.Client, "/v1/projects/current/allowed-dimensions",
            """{"allowed_dimensions":[{"width":150},{"width":800,"height":600}]}""");
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());

        var allowed = await project.Client.PostJsonAsync("/v1/jobs",
            """{"source_type":"s3_presigned","pipeline":[{"id":"a","action":"resize","width":150},{"id":"b","steps":[{"action":"resize","width":800,"height":600,"fit":"cover"}]}]}""");
        var refused = await project.Client.PostJsonAsync("/v1/jobs",
            """{"source_type":"s3_presigned","pipeline":[{"id":"a","steps":[{"action":"resize","width":151}]}]}""");

        allowed.StatusCode.ShouldBe(HttpStatusCode.Created);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("pipeline[0].steps[0].width");

        (await Put(project.Client, "/v1/projects/current/allowed-dimensions", """{"allowed_dimensions":null}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await project.Client.PostJsonAsync("/v1/jobs", """{"source_type":"s3_presigned","pipeline":[{"id":"a","action":"resize","width":151}]}"""))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnEmptyOrInvalidAllowlistIsA400Problem()
    {
        var project = await servers.CreateProjectAsync();

        var empty = await Put(project.Client, "/v1/projects/current/allowed-dimensions", """{"allowed_dimensions":[]}""");
        var sideless = await Put(project.Client, "/v1/projects/current/allowed-dimensions", """{"allowed_dimensions":[{}]}""");

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        sideless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sideless.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("allowed_dimensions[0]");
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, string json) =>
        client.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
