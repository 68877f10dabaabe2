using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

[Collection(WholeHostCollection.Name)]
public sealed class MultipartUploadTests(ServersFixture servers)
{
    [Fact]
    public async Task AMultipartUploadWithAPipelineIsQueuedAtOnceAndSucceeds()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostAsync("/v1/jobs", Form(TestImages.Photo,
            ("pipeline", """[{"id":"small","action":"resize","width":200,"format":"png"}]""")));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var accepted = JsonNode.Parse(body)!;
        accepted["status"]!.GetValue<string>().ShouldBeOneOf("queued", "processing", "succeeded");
        accepted["source_type"]!.GetValue<string>().ShouldBe("multipart");
        var job = await project.Client.WaitFinishedAsync(accepted["job_id"]!.GetValue<string>());
        job["status"]!.GetValue<string>().ShouldBe("succeeded");
        var output = job["outputs"]![0]!;
        (output["width"]!.GetValue<int>(), output["format"]!.GetValue<string>()).ShouldBe((200, "png"));
    }

    [Fact]
    public async Task PixelForgeFormFieldsMakeOneOutput()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostAsync("/v1/jobs", Form(TestImages.Photo, ("width", "120"), ("height", "120"), ("format", "webp")));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await project.Client.WaitFinishedAsync(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>());
        var output = job["outputs"]!.AsArray().ShouldHaveSingleItem()!;
        output["id"]!.GetValue<string>().ShouldBe("image");
        (output["width"]!.GetValue<int>(), output["height"]!.GetValue<int>()).ShouldBe((120, 80));
    }

    [Fact]
    public async Task AFileThatIsNotAnAcceptedImageIsA415ProblemWhateverItsDeclaredType()
    {
        var project = await servers.CreateProjectAsync();
        var svg = """<svg xmlns="http://www.w3.org/2000/svg"><image href="http://169.254.169.254/"/></svg>"""u8.ToArray();

        var response = await project.Client.PostAsync("/v1/jobs", Form(svg, "image/png", ("width", "100")));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unsupported-media-type");
    }

    [Fact]
    public async Task AFileOverTheByteLimitIsA413Problem()
    {
        var project = await servers.CreateProjectAsync();
        await using var api = new ServersFixture.ServiceFactory<Program>(servers.Activities,
            new Dictionary<string, string?> { ["Jobs:MaxSourceBytes"] = "1000000" });
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var big = new byte[1_200_000];
        TestImages.Photo.AsSpan(0, 64).CopyTo(big);

        var response = await client.PostAsync("/v1/jobs", Form(big, ("width", "100")));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/source-too-large");
    }

    [Theory]
    [InlineData("width", "wide", "width")]
    [InlineData("pipeline", "[]", "pipeline")]
    [InlineData("colour", "red", "colour")]
    public async Task BadFormFieldsAre400ProblemsNamingTheField(string name, string value, string field)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostAsync("/v1/jobs", Form(TestImages.Photo, (name, value)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey(field);
    }

    [Fact]
    public async Task AFormWithoutAFileIsA400Problem()
    {
        var project = await servers.CreateProjectAsync();
        using var form = new MultipartFormDataContent { { new StringContent("100"), "width" } };

        var response = await project.Client.PostAsync("/v1/jobs", form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey("file");
    }

    internal static MultipartFormDataContent Form(byte[] file, params (string Name, string Value)[] fields) =>
        Form(file, "image/jpeg", fields);

    private static MultipartFormDataContent Form(byte[] file, string contentType, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(content, "file", "upload.bin");
        return form;
    }
}
