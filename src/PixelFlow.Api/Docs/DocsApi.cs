namespace PixelFlow.Api.Docs;

/// <summary>The OpenAPI document, an interactive page over it, and the problem type pages.</summary>
public static class DocsApi
{
    public static IEndpointRouteBuilder MapOpenApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app is IApplicationBuilder pipeline)
        {
            pipeline.UseSwaggerUI(options =>
            {
                options.RoutePrefix = "docs";
                options.SwaggerEndpoint("/openapi/v1.json", "PixelFlow v1");
                options.DocumentTitle = "PixelFlow API";
            });
        }

        app.MapGet($"{ProblemTypes.Prefix}{{slug}}", (string slug) => ProblemTypes.Descriptions.TryGetValue(slug, out var description)
                ? Results.Text($"{slug}: {description}\n")
                : Results.NotFound())
            .ExcludeFromDescription();
        return app;
    }
}
