using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Problems;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>
/// What a new user meets first: the framework's own errors (wrong content type, a malformed id, malformed JSON, a
/// wrong type, an unknown field on any write endpoint) answer with a PixelFlow problem that says how to fix the request.
/// </summary>
public sealed class FrameworkProblemTests(ServersFixture servers)
{
    [Fact]
    public async Task AFormEncodedBodyLikePlainCurlDashDIsA415ThatNamesTheContentTypeToSend()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostAsync("/v1/jobs",
            new StringContent("""{"source_type":"s3_presigned"}""", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.UnsupportedMediaType);
        problem["detail"]!.GetValue<string>().ShouldContain("Content-Type: application/json");
        problem["trace_id"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AJobIdThatIsNotAUuidIsANotFoundProblemThatSaysIdsAreUuids()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync("/v1/jobs/42");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.NotFound);
        problem["detail"]!.GetValue<string>().ShouldContain("UUID");
    }

    [Fact]
    public async Task AWrongMethodIsA405ProblemListingTheAllowedOnes()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}/start");

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.MethodNotAllowed);
        problem["detail"]!.GetValue<string>().ShouldContain("POST");
    }

    [Fact]
    public async Task MalformedJsonSaysWhereWithoutTheJsonReadersAdvice()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs", "{\"source_type\": s3_presigned}");

        var message = await SingleErrorAsync(response, "source_type");
        message.ShouldContain("not valid JSON (line 1");
        message.ShouldNotContain("reader options");
    }

    [Fact]
    public async Task ANumberSentAsAStringNamesTheExpectedType()
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PostJsonAsync("/v1/jobs",
            """{"source_type":"s3_presigned","pipeline":[{"id":"a","action":"resize","width":"150"}]}""");

        (await SingleErrorAsync(response, "pipeline[0].width")).ShouldContain("Expected an integer");
    }

    public static TheoryData<string, string, string> WriteEndpoints => new()
    {
        { "POST", "/v1/jobs", """{"source_type":"s3_presigned","pipeline":[{"id":"a","action":"resize","width":10}],"webhook":"x"}""" },
        { "PUT", "/v1/projects/current/limits", """{"max_source_pixel":5}""" },
        { "PUT", "/v1/projects/current/allowed-dimensions", """{"allowed_dimension":null}""" },
        { "PUT", "/v1/projects/current/presets/thumb", """{"action":"resize","width":10,"formt":"webp"}""" },
        { "PUT", "/v1/projects/current/rate-limit", """{"capacity":10,"refil_per_second":5}""" },
    };

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task EveryWriteEndpointRejectsAnUnknownFieldInsteadOfIgnoringIt(string method, string path, string body)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.MalformedRequest);
        problem["errors"]!.ToJsonString().ShouldContain("Unknown field");
    }

    [Fact]
    public async Task AJobRequestWithoutContentTypeIsA415ThatNamesBothAcceptedTypes()
    {
        var project = await servers.CreateProjectAsync();

        // Matches both POST /v1/jobs endpoints (JSON, multipart); the JSON one takes it, and refuses the body.
        var response = await project.Client.PostAsync("/v1/jobs", new ByteArrayContent("""{"source_type":"s3_presigned"}"""u8.ToArray()));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await response.Content.ReadAsStringAsync());
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.UnsupportedMediaType);
        problem["detail"]!.GetValue<string>().ShouldContain("multipart/form-data");
    }

    [Theory]
    [InlineData("CreateJob", 256 * 1024)]
    [InlineData("PutPreset", 256 * 1024)]
    [InlineData("SetRateLimit", 4 * 1024)]
    public void AJsonWriteEndpointCapsItsBodyBeforeBindingIt(string endpointName, long maxBytes)
    {
        // Kestrel applies the cap when routing picks the endpoint; the in-memory test server has no body limit to apply.
        var endpoint = servers.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(candidate => candidate.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == endpointName);

        endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()!.MaxRequestBodySize.ShouldBe(maxBytes);
    }

    [Fact]
    public void ABodyOverTheLimitIsAMalformedRequestProblemThatStatesTheLimit()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(new BodyLimit { MaxRequestBodySize = 4096 });
        context.Request.Method = "PUT";
        context.Request.Path = "/v1/projects/current/rate-limit";
        var problem = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge };

        FrameworkProblems.Explain(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });

        problem.Type.ShouldBe(ProblemTypes.MalformedRequest);
        problem.Detail.ShouldBe("PUT /v1/projects/current/rate-limit: the body may be at most 4096 bytes.");
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresIntegersAsIntegersAndMarksRequiredFields()
    {
        using var client = servers.Api.CreateClient();

        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var schemas = document["components"]!["schemas"]!.AsObject();
        var output = schemas["OutputRequest"]!.AsObject();
        output["properties"]!["quality"]!["type"]!.ToJsonString().ShouldNotContain("string");
        output["required"]!.AsArray().Select(name => name!.GetValue<string>()).ShouldContain("id");
        schemas["CreateJobRequest"]!["required"]!.AsArray().Select(name => name!.GetValue<string>()).ShouldContain("pipeline");
    }

    private static async Task<string> SingleErrorAsync(HttpResponseMessage response, string path)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.MalformedRequest);
        var errors = problem["errors"]!.AsObject();
        errors.ShouldContainKey(path, problem.ToJsonString());
        return errors[path]![0]!.GetValue<string>();
    }

    private sealed class BodyLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
