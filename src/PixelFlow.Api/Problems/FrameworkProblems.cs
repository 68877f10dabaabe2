using Microsoft.AspNetCore.Http.Features;

namespace PixelFlow.Api.Problems;

/// <summary>
/// The errors ASP.NET Core answers by itself — no route (404), wrong method (405), wrong content type (415), a body
/// over the endpoint's limit (413), an unreadable request (400) — get a PixelFlow problem type and a detail that says how to fix the request, instead
/// of an RFC link and a title.
/// </summary>
public static class FrameworkProblems
{
    /// <summary>Runs for every problem written; it changes only the ones the framework made (an RFC link as type).</summary>
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && !problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            return;
        }

        var request = context.HttpContext.Request;
        var route = $"{request.Method} {request.Path}";
        switch (problem.Status ?? context.HttpContext.Response.StatusCode)
        {
            case StatusCodes.Status400BadRequest:
                problem.Type = ProblemTypes.MalformedRequest;
                problem.Detail ??= $"{route}: the request could not be read; compare it with the API reference at /docs.";
                break;
            case StatusCodes.Status413PayloadTooLarge:
                problem.Type = ProblemTypes.MalformedRequest;
                problem.Title = "Request too large";
                problem.Detail = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
                    ? $"{route}: the body may be at most {limit} bytes."
                    : $"{route}: the body is too large.";
                break;
            case StatusCodes.Status403Forbidden:
                // An authorization policy refused an authenticated caller (Accounts/CallerPolicies.cs).
                problem.Type = ProblemTypes.Forbidden;
                var caller = context.HttpContext.User;
                problem.Detail = caller.FindFirst(Projects.ProjectScope.RoleClaim)?.Value is { } role
                    ? $"{route} changes the project's settings: only its owners may, and you are a {role}."
                    : caller.FindFirst(Accounts.BearerSchemes.UserIdClaim) is not null
                        ? $"{route} acts on one project: name it in the {Projects.ProjectScope.HeaderName} header (a project id of yours), or send one of the project's API keys."
                        : $"{route} is for signed-in users: send an access token from POST /v1/auth/login.";
                break;
            case StatusCodes.Status404NotFound:
                problem.Type = ProblemTypes.NotFound;
                problem.Detail = $"No endpoint answers {route}." + (LooksLikeABadId(request.Path)
                    ? " Ids in paths are UUIDs as the API returned them (e.g. /v1/jobs/0192f5e2-7c1a-7d3e-9b1f-2a6c3e4d5f60)."
                    : " The routes are listed at /docs.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Type = ProblemTypes.MethodNotAllowed;
                var allowed = context.HttpContext.Response.Headers.Allow.ToString();
                problem.Detail = $"{request.Method} is not allowed on {request.Path}" +
                                 (allowed.Length > 0 ? $"; use {allowed} (the Allow header)." : ".");
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Type = ProblemTypes.UnsupportedMediaType;
                var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
                problem.Detail = $"{route} reads a JSON body" +
                                 (request.Path.StartsWithSegments("/v1/jobs") && HttpMethods.IsPost(request.Method) ? " or multipart/form-data" : "") +
                                 $", and the request had {sent}. Send 'Content-Type: application/json' " +
                                 "(curl -d sends application/x-www-form-urlencoded unless -H 'Content-Type: application/json' is given).";
                break;
        }
    }

    /// <summary>A path under /v1 with a segment where an id goes that is not a UUID (the route's guid constraint failed).</summary>
    private static bool LooksLikeABadId(PathString path)
    {
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments is ["v1", "jobs" or "webhook-deliveries", var id, ..] && !Guid.TryParse(id, out _);
    }
}
