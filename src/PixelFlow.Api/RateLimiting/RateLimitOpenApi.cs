using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PixelFlow.Api.RateLimiting;

/// <summary>
/// Documents the limiter in the OpenAPI document: every operation that needs an API key may answer 429, and
/// its responses carry the RateLimit-* headers. Added here so endpoint groups need not repeat it.
/// </summary>
public sealed class RateLimitOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Responses ??= [];
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, description) in Headers)
            {
                response.Headers.TryAdd(name, IntegerHeader(description));
            }
        }

        operation.Responses.TryAdd("429", new OpenApiResponse
        {
            Description = "The API key's token bucket is empty (problem type /problems/rate-limited).",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = IntegerHeader("Seconds until the next token."),
            },
        });
        return Task.CompletedTask;
    }

    private static readonly (string Name, string Description)[] Headers =
    [
        (RateLimitingMiddleware.LimitHeader, "Bucket capacity: the largest burst of requests."),
        (RateLimitingMiddleware.RemainingHeader, "Whole requests that may be made right now."),
        (RateLimitingMiddleware.ResetHeader, "Seconds until the bucket is full again."),
    ];

    private static OpenApiHeader IntegerHeader(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
}
