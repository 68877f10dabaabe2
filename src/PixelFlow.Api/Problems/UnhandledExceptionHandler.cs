using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PixelFlow.Api.Extensions;

namespace PixelFlow.Api.Problems;

/// <summary>
/// Every exception no endpoint handled becomes a problem, in every environment: 503 with <c>Retry-After</c> when a
/// dependency (Postgres, Redis, storage, the broker) cannot be reached, so clients know to retry; 500 otherwise. The
/// response never carries the exception: it is logged under the trace id the problem gives.
/// </summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            return await WriteBadRequestAsync(context, badRequest);
        }

        var unavailable = IsDependencyUnavailable(exception);
        logger.LogError(exception, "{Method} {Path} failed: {Outcome}", context.Request.Method, context.Request.Path,
            unavailable ? "a dependency is unavailable (503)" : "unhandled exception (500)");
        context.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (unavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = unavailable
                ? new ProblemDetails
                {
                    Type = ProblemTypes.Unavailable,
                    Title = "Service unavailable",
                    Detail = $"A service PixelFlow depends on is unreachable; retry after {RetryAfterSeconds} seconds.",
                }
                : new ProblemDetails
                {
                    Type = ProblemTypes.Internal,
                    Title = "Internal error",
                    Detail = "The request failed unexpectedly; quote its trace_id when you report it.",
                },
        });
    }

    /// <summary>
    /// A request the framework could not bind (see <c>RouteHandlerOptions.ThrowOnBadRequest</c>): the client's
    /// mistake. A body that is not valid JSON, has an unknown field or a value of the wrong type is answered with the
    /// JSON path and what is expected there; other refusals (415 wrong content type, 413 too large) as the framework's
    /// own errors are (<see cref="FrameworkProblems"/>).
    /// </summary>
    private async ValueTask<bool> WriteBadRequestAsync(HttpContext context, BadHttpRequestException exception)
    {
        logger.LogInformation("{Method} {Path}: bad request: {Message}", context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = exception.StatusCode;
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = exception.StatusCode },
            });
        }

        var (path, message) = exception.InnerException switch
        {
            System.Text.Json.JsonException json => (StrictJson.PathOf(json), StrictJson.Describe(json)),
            // "Required parameter … was not provided from body" / "Implicit body inferred … but no body was provided".
            _ when exception.Message.Contains("from body", StringComparison.Ordinal) ||
                   exception.Message.Contains("no body was provided", StringComparison.Ordinal)
                => ("$", "A JSON object is required."),
            _ => ("$", exception.Message),
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
            {
                Type = ProblemTypes.MalformedRequest,
                Title = "Malformed request",
                Detail = $"The request body is malformed at '{path}'.",
                Status = exception.StatusCode,
            },
        });
    }

    /// <summary>Whether the exception, or one it wraps (EF Core wraps Npgsql's), says a dependency is unreachable.</summary>
    internal static bool IsDependencyUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true }
                or StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException
                or PixelFlow.Infrastructure.StorageUnavailableException
                or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every problem carries <c>trace_id</c> (snake_case, as the rest of the API): the id its logs and spans share.</summary>
    internal static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions.Remove("traceId");
        context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
    }
}
