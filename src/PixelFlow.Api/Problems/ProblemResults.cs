using Microsoft.AspNetCore.Mvc;

namespace PixelFlow.Api.Problems;

/// <summary>Builds RFC 9457 responses (<c>application/problem+json</c>) with the fields every PixelFlow problem has.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult Create(int status, string type, string title, string detail,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors,
        string detail = "One or more fields are invalid.") =>
        TypedResults.ValidationProblem(errors, detail: detail, title: "Invalid request", type: ProblemTypes.Validation);

    public static ValidationProblem Malformed(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: $"The request body is malformed at '{string.Join("', '", errors.Keys)}'.",
            title: "Malformed request",
            type: ProblemTypes.MalformedRequest);

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", detail);
}
