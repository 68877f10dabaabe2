using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Api.Docs;

/// <summary>
/// Completes the generated OpenAPI document with what endpoint metadata cannot say: the problem types (RFC 9457)
/// every authenticated operation may answer with, the bearer scheme, and the multipart form of job creation.
/// </summary>
public static class OpenApiDocumentation
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PixelFlow API";
            document.Info.Version = "v1";
            var description = new StringBuilder(
                "Asynchronous image processing: create a job (a source and named outputs), upload, start, then poll, " +
                "stream events or receive signed webhooks. Errors are RFC 9457 problems (application/problem+json); " +
                "each `type` below resolves against the API's URL to its description.\n\n| type | meaning |\n|---|---|\n");
            foreach (var (slug, text) in ProblemTypes.Descriptions)
            {
                description.Append($"| `{ProblemTypes.Prefix}{slug}` | {text} |\n");
            }

            document.Info.Description = description.ToString();
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A project's API key (`Authorization: Bearer pf_…`) or a user's access token from POST /v1/auth/login " +
                              "(or from the external OpenID Connect issuer, when Auth:Authority is set): the token's shape tells them apart.",
            };
            document.Components.SecuritySchemes[OperatorKey.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The operator key (Admin:OperatorKey; OPERATOR_KEY from `./pixelflow up --detach`), for `/v1/admin/*` only.",
            };
            return Task.CompletedTask;
        });

        options.AddSchemaTransformer((schema, context, _) =>
        {
            DescribeFromDefinitions(schema, context);
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any(authorize => authorize.Policy == OperatorKey.PolicyName))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OperatorKey.SchemeName, context.Document)] = [] });
                AddProblem(operation, context, "401", "Missing or wrong operator key (/problems/unauthorized).");
            }
            else if (metadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] });
                AddProblem(operation, context, "401", "Missing, unknown, revoked or expired API key or access token (/problems/unauthorized).");
                AddProblem(operation, context, "403", "The caller may not do this: a member asking for an owner action, or a user's token " +
                                                      "where an API key is needed or the reverse (/problems/forbidden).");
                AddProblem(operation, context, "429", "Rate limited (/problems/rate-limited); see Retry-After.");
                if (context.Description.RelativePath?.Contains('{') == true)
                {
                    AddProblem(operation, context, "404", "Not found, or not the caller's (/problems/not-found).");
                }

                if (metadata.OfType<IAuthorizeData>().All(authorize => authorize.Policy is null or Projects.ProjectScope.AdministratorPolicy))
                {
                    // The endpoints bound to one project: a user names it (Projects/ProjectScope.cs).
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Projects.ProjectScope.HeaderName,
                        In = ParameterLocation.Header,
                        Required = false,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                        Description = "With a user's access token: the project (one of the user's) this request acts on. " +
                                      "Not needed with an API key, which is bound to its project.",
                    });
                }
            }

            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>()
                    .FirstOrDefault()?.EndpointName is "CreateJob")
            {
                DescribeJobCreation(operation, context);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Step and encoding fields are described from their one definition (the operation descriptors and the encoding
    /// table in the contracts), so the document cannot drift from what the API validates and the worker renders.
    /// </summary>
    // Runs on each property's own schema, after the doc-comment transformer has written the summary there.
    private static void DescribeFromDefinitions(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo is not { } property)
        {
            return;
        }

        if (property.DeclaringType == typeof(OperationSpec))
        {
            var limits = new OperationLimits(context.ApplicationServices.GetRequiredService<IOptions<JobLimitsOptions>>().Value.MaxOutputDimension);
            schema.Description = property.Name == "action" ? OperationDocumentation.Action() : OperationDocumentation.Field(property.Name, limits);
        }
        else if (property.DeclaringType == typeof(OutputRequest) || property.DeclaringType == typeof(OutputSpec))
        {
            schema.Description = property.Name switch
            {
                "quality" => OperationDocumentation.Quality(),
                "effort" => OperationDocumentation.Effort(),
                _ => schema.Description,
            };
        }
    }

    private static void DescribeJobCreation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        AddProblem(operation, context, "413", "Source larger than Jobs:MaxSourceBytes, or a JSON body over 256 KiB.");
        AddProblem(operation, context, "422", "Idempotency-Key reused with a different request (/problems/idempotency-conflict).");
        operation.Description =
            "JSON: returns 201 with presigned upload instructions; PUT the source there, then POST /v1/jobs/{id}/start. " +
            "multipart/form-data: the file is streamed to storage and the job is queued at once (202 with the job). " +
            "Idempotency-Key: the same key and request return the same job (header Idempotent-Replayed: true).";
        if (operation.RequestBody?.Content is { } content)
        {
            content["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The image (format sniffed from its bytes)." },
                        ["pipeline"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The outputs, as the JSON array of the JSON form." },
                        ["width"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Without pipeline: one output 'image' resized to fit." },
                        ["height"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["format"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["quality"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["webhook_url"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
                    },
                },
            };
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
    }
}
