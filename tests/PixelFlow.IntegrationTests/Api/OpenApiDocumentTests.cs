using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Problems;
using PixelFlow.Api;
using PixelFlow.Contracts.V1.Operations;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class OpenApiDocumentTests(ServersFixture servers)
{
    [Fact]
    public async Task EveryV1EndpointAndEveryProblemTypeIsInTheOpenApiDocument()
    {
        using var client = servers.Api.CreateClient();

        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();
        var mapped = servers.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/v1", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {Normalise(endpoint.RoutePattern.RawText!)}"))
            .ToList();
        mapped.ShouldNotBeEmpty();
        mapped.ShouldAllBe(route => documented.Contains(route));
        var description = document["info"]!["description"]!.GetValue<string>();
        ProblemTypes.Descriptions.Keys.ShouldAllBe(slug => description.Contains($"/problems/{slug}"));
        document["paths"]!["/v1/jobs"]!["post"]!["requestBody"]!["content"]!.AsObject().ShouldContainKey("multipart/form-data");
    }

    [Fact]
    public async Task TheProjectHeaderIsDocumentedOnProjectBoundEndpointsOnly()
    {
        using var client = servers.Api.CreateClient();

        var paths = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["paths"]!;

        HeaderNames(paths["/v1/jobs"]!["get"]!).ShouldContain("PixelFlow-Project");
        HeaderNames(paths["/v1/projects/current/presets/{name}"]!["put"]!).ShouldContain("PixelFlow-Project");
        HeaderNames(paths["/v1/projects/{id}/api-keys"]!["post"]!).ShouldNotContain("PixelFlow-Project");
        HeaderNames(paths["/v1/projects"]!["get"]!).ShouldNotContain("PixelFlow-Project");
    }

    private static List<string> HeaderNames(JsonNode operation) =>
        (operation["parameters"]?.AsArray() ?? []).Where(parameter => parameter!["in"]!.GetValue<string>() == "header")
            .Select(parameter => parameter!["name"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task StepAndEncodingFieldsAreDescribedFromTheirOneDefinition()
    {
        using var client = servers.Api.CreateClient();

        var schemas = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["components"]!["schemas"]!;

        var step = schemas["OperationSpec"]!["properties"]!;
        step["sigma"]!["description"]!.GetValue<string>().ShouldBe(OperationDocumentation.Field("sigma", OperationLimits.Default));
        step["action"]!["description"]!.GetValue<string>().ShouldBe(OperationDocumentation.Action());
        schemas["OutputRequest"]!["properties"]!["effort"]!["description"]!.GetValue<string>().ShouldBe(OperationDocumentation.Effort());
    }

    [Fact]
    public async Task TheInteractiveDocsPageAndProblemTypePagesAreServed()
    {
        using var client = servers.Api.CreateClient();

        (await client.GetAsync("/docs/index.html")).IsSuccessStatusCode.ShouldBeTrue();
        (await client.GetStringAsync("/problems/validation")).ShouldContain("field");
    }

    /// <summary>Route constraints and catch-alls as the document writes them: {jobId:guid} → {jobId}, {*key} → {key}.</summary>
    private static string Normalise(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?([A-Za-z]+)(:[^}]*)?\}", "{$1}").TrimEnd('/') is var trimmed && trimmed.Length > 0 ? trimmed : "/";
}
