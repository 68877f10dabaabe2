using System.Net;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>Every bad input of a job request is a 400 problem whose <c>errors</c> name the offending field.</summary>
public sealed class JobValidationTests(ServersFixture servers)
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """[{"id":"a","action":"spin","width":10}]""", "pipeline[0].action", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":0}]""", "pipeline[0].width", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":-5}]""", "pipeline[0].width", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":100000}]""", "pipeline[0].width", "/problems/validation" },
        { """[{"id":"a","action":"resize","height":0}]""", "pipeline[0].height", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":10,"format":"bmp"}]""", "pipeline[0].format", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":10,"quality":0}]""", "pipeline[0].quality", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":10,"quality":101}]""", "pipeline[0].quality", "/problems/validation" },
        { """[]""", "pipeline", "/problems/validation" },
        { """[{"id":"a","action":"resize","width":10},{"id":"a","action":"resize","width":20}]""", "pipeline[1].id", "/problems/validation" },
        { """[{"action":"resize","width":10}]""", "pipeline[0].id", "/problems/validation" },
        { """[{"id":"a","action":"resize","widht":10}]""", "pipeline[0].widht", "/problems/malformed-request" },
        { """[{"id":"a","action":"resize","width":"wide"}]""", "pipeline[0].width", "/problems/malformed-request" },
        { """[{"id":"a","steps":[{"action":"resize","width":10},{"action":"blur","sigma":0.1}]}]""", "pipeline[0].steps[1].sigma", "/problems/validation" },
        { """[{"id":"a","steps":[{"action":"resize","width":10,"angle":90}]}]""", "pipeline[0].steps[0].angle", "/problems/validation" },
        { """[{"id":"a","steps":[{"action":"crop","width":10,"height":10,"gravity":"up"}]}]""", "pipeline[0].steps[0].gravity", "/problems/validation" },
        { """[{"id":"a","steps":[{"width":10}]}]""", "pipeline[0].steps[0]", "/problems/malformed-request" },
        { """[{"id":"a","format":"jpeg","lossless":true}]""", "pipeline[0].lossless", "/problems/validation" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadPipelineIsA400ProblemNamingTheField(string pipeline, string field, string problemType)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs", $$"""{"source_type":"s3_presigned","pipeline":{{pipeline}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(problemType);
        problem["errors"]!.AsObject().ShouldContainKey(field, problem.ToJsonString());
    }

    [Theory]
    [InlineData("""{"source_type":""", "source_type")]
    [InlineData("""not json""", "$")]
    [InlineData("""{"source_type":"s3_presigned","pipeline":{}}""", "pipeline")]
    public async Task MalformedJsonIsA400ProblemWithThePath(string body, string path)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe("/problems/malformed-request");
        problem["errors"]!.AsObject().ShouldContainKey(path, problem.ToJsonString());
    }

    [Theory]
    [InlineData("""{"pipeline":[{"id":"a","action":"resize","width":10}]}""", "source_type")]
    [InlineData("""{"source_type":"ftp","pipeline":[{"id":"a","action":"resize","width":10}]}""", "source_type")]
    [InlineData("""{"source_type":"s3_presigned","webhook_url":"not a url","pipeline":[{"id":"a","action":"resize","width":10}]}""", "webhook_url")]
    public async Task BadTopLevelFieldsAreNamed(string body, string field)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync())["errors"]!.AsObject().ShouldContainKey(field);
    }

    [Fact]
    public async Task AnotherContentTypeIsA415Problem()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostAsync("/v1/jobs", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadProblemAsync())["status"]!.GetValue<int>().ShouldBe(415);
    }
}
