using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;
using PixelFlow.Web.Console;
using PixelFlow.Web.Session;

namespace PixelFlow.Web.Files;

/// <summary>
/// The bytes of files between the browser and the API. The browser cannot call the API itself: the user's tokens
/// stay on this server. So the Files tab's uploads and images go through these two endpoints of the console, which
/// add the signed-in user's access token.
/// <para>
/// Uploads are posted here (same origin: the session cookie, an antiforgery token in a header) and streamed on to
/// the API's multipart upload as they arrive, never buffered whole. Chosen over the browser PUTting to a presigned
/// storage URL because that needs the storage server to answer CORS for the console's origin (neither s3rver nor
/// MinIO does unless each bucket is configured for it) and a storage address the browser can reach; this way the
/// upload works wherever the console works, and the browser's XHR still reports the bytes it has sent.
/// </para>
/// <para>
/// Content asks the API for its redirect with the user's token and sends the browser on to the presigned storage
/// URL, so images load from storage and not through the console. A download is the exception: it is streamed
/// through, because a redirect to another origin loses the API's Content-Disposition (it is on the API's 302, not on
/// storage's answer) and the browser would show the image instead of saving it.
/// </para>
/// </summary>
public sealed class FileTransfers(HttpClient http)
{
    /// <summary>The console's upload route for a project; the API answers what it answers to its own upload.</summary>
    public static string UploadPath(Guid projectId) => $"/transfer/projects/{projectId}/files";

    /// <summary>The console's route to a file's original, or a variant's content; as an attachment with <paramref name="download"/>.</summary>
    public static string ContentPath(Guid fileId, string? variant = null, bool download = false)
    {
        var query = new List<string>();
        if (variant is not null)
            query.Add($"variant={Uri.EscapeDataString(variant)}");
        if (download)
            query.Add("download=1");
        return $"/transfer/files/{fileId}/content{(query.Count == 0 ? "" : "?" + string.Join('&', query))}";
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("/transfer").RequireAuthorization();
        // The API applies its own size limit (Jobs:MaxSourceBytes) and answers 413; the console passes bytes on.
        transfers.MapPost("/projects/{projectId:guid}/files", (Guid projectId, HttpContext context, IAntiforgery antiforgery, FileTransfers files) =>
                files.UploadAsync(projectId, context, antiforgery))
            .WithMetadata(new DisableRequestSizeLimitAttribute());
        transfers.MapGet("/files/{fileId:guid}/content", (Guid fileId, string? variant, string? download, HttpContext context, FileTransfers files) =>
            files.ContentAsync(fileId, variant, download is "1" or "true", context));
    }

    private async Task UploadAsync(Guid projectId, HttpContext context, IAntiforgery antiforgery)
    {
        // The token comes in a header, so checking it does not read (and buffer) the form.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            await WriteProblemAsync(context, new ApiProblem(StatusCodes.Status400BadRequest, "Bad request",
                "The page's form token is missing or stale: reload the page and upload again.", null));
            return;
        }

        var cancellationToken = context.RequestAborted;
        if (await AccessTokenAsync(context) is not { } token)
            return;

        var body = new StreamContent(context.Request.Body);
        body.Headers.ContentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? type : null;
        body.Headers.ContentLength = context.Request.ContentLength;
        using var request = ApiTransport.Request(HttpMethod.Post, $"/v1/projects/{projectId}/files", body, token, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await RelayAsync(response, context);
    }

    private async Task ContentAsync(Guid fileId, string? variant, bool download, HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await AccessTokenAsync(context) is not { } token)
            return;

        var path = $"/v1/files/{fileId}/content?download={(download ? "1" : "0")}" +
                   (variant is null ? "" : $"&variant={Uri.EscapeDataString(variant)}");
        using var request = ApiTransport.Request(HttpMethod.Get, path, null, token, null);
        using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (answer.StatusCode != HttpStatusCode.Found || answer.Headers.Location is not { } storageUrl)
        {
            await RelayAsync(answer, context); // 202 (a variant being made), or the API's problem
            return;
        }

        if (!download)
        {
            // Cacheable as the API says (privately, for half the presigned URL's lifetime): the grid's images are not
            // asked for again on every render.
            context.Response.Headers.CacheControl = answer.Headers.CacheControl?.ToString();
            context.Response.Redirect(storageUrl.ToString());
            return;
        }

        using var stored = await http.GetAsync(storageUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!stored.IsSuccessStatusCode)
        {
            await WriteProblemAsync(context, new ApiProblem(StatusCodes.Status502BadGateway, "Storage unavailable",
                $"Storage answered {(int)stored.StatusCode} for the file's content: try again.", null));
            return;
        }

        context.Response.ContentType = stored.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        context.Response.ContentLength = stored.Content.Headers.ContentLength;
        context.Response.Headers.ContentDisposition = answer.Content.Headers.ContentDisposition?.ToString() ?? "attachment";
        await stored.Content.CopyToAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>
    /// The signed-in user's access token, or null with a 401 problem written. Outside a component's render the
    /// session reads who is signed in from the cookie's principal, so that is made its authentication state.
    /// </summary>
    private static async Task<string?> AccessTokenAsync(HttpContext context)
    {
        var services = context.RequestServices;
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        try
        {
            return await services.GetRequiredService<ConsoleSession>().AccessTokenAsync(context.RequestAborted);
        }
        catch (ApiProblem problem)
        {
            await WriteProblemAsync(context, problem);
            return null;
        }
    }

    /// <summary>The API's answer as it is: status, media type and body.</summary>
    private static async Task RelayAsync(HttpResponseMessage response, HttpContext context)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static Task WriteProblemAsync(HttpContext context, ApiProblem problem)
    {
        context.Response.StatusCode = problem.Status;
        return context.Response.WriteAsJsonAsync(new { title = problem.Title, detail = problem.Detail, status = problem.Status },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}

public static class ConsoleFilesExtensions
{
    /// <summary>
    /// The client for file bytes: no redirects followed (the content's redirect is the answer), no overall timeout
    /// and no retry handler (an upload lasts as long as the browser sends, and a streamed body cannot be sent twice).
    /// </summary>
    public static void AddConsoleFiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddTransient<FileWatcher>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: see AddConsoleApi
        builder.Services.AddHttpClient<FileTransfers>(client =>
            {
                client.BaseAddress = new Uri("http://api");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    public static void MapConsoleFiles(this IEndpointRouteBuilder app) => FileTransfers.Map(app);
}
