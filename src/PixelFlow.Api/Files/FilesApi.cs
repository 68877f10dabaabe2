using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace PixelFlow.Api.Files;

/// <summary>
/// Files: originals uploaded to a project, each rendered as every variant preset of the project (one job, the source
/// decoded once); a variant not made yet is made on its first request. Every route checks
/// <see cref="ProjectAccess"/> on the file's project; a file the caller may not see is not found.
/// </summary>
public static class FilesApi
{
    /// <summary>What a form may carry besides its file: part headers and boundaries.</summary>
    private const int FormOverheadBytes = 64 * 1024;

    private const string FallbackToOriginal = "original";

    /// <summary>A pending variant is usually made within a second or two.</summary>
    private const int RetryAfterSeconds = 1;

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var projectFiles = app.MapGroup("/v1/projects/{projectId:guid}/files").WithTags("Files").RequireAuthorization(CallerPolicies.AnyCaller);
        projectFiles.MapPost("/", UploadFile)
            // Typed, or the document generator tries to describe a body of type void; DescribeForm gives the form.
            .WithMetadata(new AcceptsMetadata(["multipart/form-data"], typeof(IFormFile)))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                DescribeForm(operation);
                return Task.CompletedTask;
            })
            .WithName("UploadFile").WithSummary("Upload a file (multipart, field 'file'): every variant preset is made by one job");
        projectFiles.MapPost("/uploads", CreateFileUpload).WithBodyLimit(JobsApi.MaxJsonBodyBytes)
            .WithName("CreateFileUpload").WithSummary("Start a presigned upload: PUT the bytes to the URL, then complete the file");
        projectFiles.MapGet("/", ListFiles).WithName("ListFiles").WithSummary("The project's files, newest first, paged by cursor");

        var files = app.MapGroup("/v1/files").WithTags("Files").RequireAuthorization(CallerPolicies.AnyCaller);
        files.MapPost("/{fileId:guid}/complete", CompleteFileUpload)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CompleteFileUpload").WithSummary("After the presigned PUT: check the bytes and make the variants");
        files.MapGet("/{fileId:guid}", GetFile).WithName("GetFile").WithSummary("A file's metadata and variants");
        files.MapGet("/{fileId:guid}/content", GetFileContent)
            .Produces<VariantPendingResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                DescribeRedirects(operation);
                return Task.CompletedTask;
            })
            .WithName("GetFileContent").WithDescription(
                "302 to a presigned URL of the original, or with ?variant=NAME of that variant (Cache-Control and ETag set; " +
                "If-None-Match answers 304; ?download=1 adds Content-Disposition: attachment). A variant not made yet, or made " +
                "from an older definition of its preset, is started (concurrent first requests start one job) and answers 202 " +
                "with Retry-After and the job's id, or with ?fallback=original a 302 to the original.")
            .WithSummary("Redirect to the original or a variant, making the variant on first request");
        files.MapDelete("/{fileId:guid}", DeleteFile).WithName("DeleteFile")
            .WithSummary("Hide a file (soft delete), or with ?permanent=true delete it and its objects at once");
        files.MapPost("/{fileId:guid}/restore", RestoreFile).ProducesProblem(StatusCodes.Status409Conflict).WithName("RestoreFile")
            .WithSummary("Bring a soft-deleted file back within Cleanup:Retention (a file not deleted is answered as it is)");
        return app;
    }

    public static async Task<Results<Accepted<FileResponse>, ValidationProblem, ProblemHttpResult>> UploadFile(
        Guid projectId, HttpRequest request, ClaimsPrincipal user, [AsParameters] FileApiServices services)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!await services.Access.AllowsAsync(user, projectId, ProjectRole.Member, cancellationToken))
        {
            return NoProject(projectId);
        }

        var maxBytes = services.Limits.Value.MaxSourceBytes;
        if (SourceUploads.BeginMultipart(request, maxBytes, FormOverheadBytes, out var badBoundary) is not { } boundary)
        {
            return badBoundary!;
        }

        var fileId = Guid.CreateVersion7();
        var errors = new Dictionary<string, string[]>();
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        SniffedUpload? upload = null;
        string? filename = null;
        await foreach (var (name, disposition, section) in SourceUploads.ReadNamedPartsAsync(request, boundary, cancellationToken))
        {
            if (name != "file")
            {
                errors[name] = ["Unknown field: send the image as the one part named 'file'."];
            }
            else if (upload is not null)
            {
                errors["file"] = ["Send one file."];
            }
            else
            {
                filename = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                upload = await SourceUploads.StoreAsync(services.Storage, section.Body, maxBytes,
                    format => new UploadTarget(FileKeys.Original(projectId, fileId, FileKeys.Formats[format].Extension), FileKeys.Formats[format].MediaType),
                    digest, cancellationToken);
                if (SourceUploads.Refusal(upload.Upload, maxBytes) is { } refusal)
                {
                    return refusal;
                }
            }
        }

        if (upload is null)
        {
            errors["file"] = ["Required: the image, as a file part named 'file'."];
        }

        if (errors.Count > 0)
        {
            await SourceUploads.DiscardAsync(services.Storage, upload);
            return ProblemResults.Validation(errors);
        }

        // Checked once the original is stored: only then is its size known (the body may be chunked).
        if (await QuotaExceededAsync(services, projectId, upload!.Upload.Bytes, cancellationToken) is { } exceeded)
        {
            await SourceUploads.DiscardAsync(services.Storage, upload);
            return exceeded;
        }

        var now = services.Clock.GetUtcNow();
        var file = new StoredFile
        {
            Id = fileId,
            ProjectId = projectId,
            Key = upload!.Target!.Key,
            OriginalFilename = CleanFilename(filename, FileKeys.Formats[upload.Format!].Extension),
            MediaType = upload.Target.ContentType,
            Bytes = upload.Upload.Bytes,
            ContentHash = Convert.ToHexStringLower(digest.GetHashAndReset()),
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            file = await services.Files.CreateUploadedAsync(file, cancellationToken);
        }
        catch
        {
            // No row will ever name the stored original.
            await SourceUploads.DiscardAsync(services.Storage, upload);
            throw;
        }

        var presets = await services.Files.VariantPresetsAsync(projectId, cancellationToken);
        return TypedResults.Accepted($"/v1/files/{file.Id}", FileResponse.From(file, presets, services.Storage));
    }

    public static async Task<Results<Created<FileUploadResponse>, ValidationProblem, ProblemHttpResult>> CreateFileUpload(
        Guid projectId, CreateFileUploadRequest body, ClaimsPrincipal user, [AsParameters] FileApiServices services,
        CancellationToken cancellationToken)
    {
        if (!await services.Access.AllowsAsync(user, projectId, ProjectRole.Member, cancellationToken))
        {
            return NoProject(projectId);
        }

        var errors = new Dictionary<string, string[]>();
        if (body.Filename is not { Length: > 0 and <= 255 } filename || filename.Any(char.IsControl))
        {
            errors["filename"] = ["Required: 1–255 printable characters."];
        }

        var format = body.ContentType is null ? null : FileKeys.FormatOfMediaType(body.ContentType);
        if (format is null)
        {
            errors["content_type"] = [$"Use one of {string.Join(", ", FileKeys.Formats.Values.Select(type => type.MediaType))}."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        if (await QuotaExceededAsync(services, projectId, sourceBytes: null, cancellationToken) is { } exceeded)
        {
            return exceeded;
        }

        var (extension, mediaType) = FileKeys.Formats[format!];
        var fileId = Guid.CreateVersion7();
        var now = services.Clock.GetUtcNow();
        var file = await services.Files.CreateUploadingAsync(new StoredFile
        {
            Id = fileId,
            ProjectId = projectId,
            Key = FileKeys.Original(projectId, fileId, extension),
            OriginalFilename = CleanFilename(body.Filename, extension),
            MediaType = mediaType,
            Status = FileStatus.Uploading,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        var upload = services.Storage.PresignPut(file.Key, mediaType);
        var presets = await services.Files.VariantPresetsAsync(projectId, cancellationToken);
        return TypedResults.Created($"/v1/files/{file.Id}", new FileUploadResponse(FileResponse.From(file, presets, services.Storage),
            new UploadInstructions(upload.Url, "PUT", new Dictionary<string, string> { ["Content-Type"] = mediaType }, upload.ExpiresAt)));
    }

    public static async Task<Results<Accepted<FileResponse>, ProblemHttpResult>> CompleteFileUpload(
        Guid fileId, ClaimsPrincipal user, [AsParameters] FileApiServices services, CancellationToken cancellationToken)
    {
        if (await FindAccessibleAsync(fileId, user, services, includeDeleted: false, cancellationToken) is not { } file)
        {
            return NoFile(fileId);
        }

        if (file.Status == FileStatus.Uploading)
        {
            var maxBytes = services.Limits.Value.MaxSourceBytes;
            var stored = await services.Storage.GetAsync(file.Key, maxBytes, cancellationToken);
            if (stored is null)
            {
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.SourceNotUploaded, "File not uploaded",
                    "PUT the file to its upload URL before completing it.");
            }

            if (stored.Content is null || ImageSniffer.Sniff(stored.Content) is not { } format || FileKeys.Formats[format].MediaType != file.MediaType)
            {
                // Refused bytes are removed, so that a new PUT to the same URL can be completed.
                await services.Storage.DeleteAsync(file.Key, cancellationToken);
                return stored.Content is null
                    ? ProblemResults.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.SourceTooLarge, "Source too large",
                        $"The uploaded file exceeds {maxBytes} bytes.")
                    : ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                        "Unsupported image format", $"The uploaded bytes are not the declared {file.MediaType} (the format is read from the bytes).");
            }

            file = await services.Files.CompleteUploadAsync(fileId, stored.Length, Convert.ToHexStringLower(SHA256.HashData(stored.Content)),
                cancellationToken) ?? file;
        }

        var presets = await services.Files.VariantPresetsAsync(file.ProjectId, cancellationToken);
        return TypedResults.Accepted($"/v1/files/{file.Id}", FileResponse.From(file, presets, services.Storage));
    }

    public static async Task<Results<Ok<FileListResponse>, ValidationProblem, ProblemHttpResult>> ListFiles(
        Guid projectId, string? status, string? name, string? cursor, int? limit, ClaimsPrincipal user,
        [AsParameters] FileApiServices services, CancellationToken cancellationToken)
    {
        if (!await services.Access.AllowsAsync(user, projectId, ProjectRole.Member, cancellationToken))
        {
            return NoProject(projectId);
        }

        var errors = new Dictionary<string, string[]>();
        var statusFilter = status is null ? null : FileStatusExtensions.ParseFileStatus(status);
        if (status is not null && statusFilter is null)
        {
            errors["status"] = ["Use one of uploading, processing, ready, failed."];
        }

        var (position, pageSize) = Paging.Read(cursor, limit, errors);

        if (name is { Length: > 255 })
        {
            errors["name"] = ["At most 255 characters."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var page = await services.Files.ListAsync(projectId, statusFilter, name, position, pageSize + 1, cancellationToken);
        var shown = page.Take(pageSize).ToList();
        var presets = await services.Files.VariantPresetsAsync(projectId, cancellationToken);
        return TypedResults.Ok(new FileListResponse(
            shown.Select(file => FileResponse.From(file, presets, services.Storage)).ToList(),
            page.Count > pageSize ? new JobCursor(shown[^1].CreatedAt, shown[^1].Id).Encode() : null));
    }

    public static async Task<Results<Ok<FileResponse>, ProblemHttpResult>> GetFile(
        Guid fileId, ClaimsPrincipal user, [AsParameters] FileApiServices services, CancellationToken cancellationToken)
    {
        if (await FindAccessibleAsync(fileId, user, services, includeDeleted: false, cancellationToken) is not { } file)
        {
            return NoFile(fileId);
        }

        var presets = await services.Files.VariantPresetsAsync(file.ProjectId, cancellationToken);
        return TypedResults.Ok(FileResponse.From(file, presets, services.Storage));
    }

    /// <remarks>An <see cref="IResult"/>: its answers (302, 304, 202, problems) are declared where it is mapped.</remarks>
    public static async Task<IResult> GetFileContent(Guid fileId, string? variant, string? download, string? fallback, HttpContext context, ClaimsPrincipal user,
            [AsParameters] FileApiServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var asDownload = download is null ? false : ParseFlag(download);
        if (asDownload is null)
        {
            errors["download"] = ["Use 1 or true (0 or false: shown inline)."];
        }

        if (fallback is not (null or FallbackToOriginal))
        {
            errors["fallback"] = [$"The one fallback is '{FallbackToOriginal}'."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        if (await FindAccessibleAsync(fileId, user, services, includeDeleted: false, cancellationToken) is not { } file)
        {
            return NoFile(fileId);
        }

        // No bytes ever arrived: an upload not completed yet, or one that expired uncompleted (failed).
        if (file.ContentHash is null)
        {
            return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.SourceNotUploaded, "File not uploaded",
                file.Status == FileStatus.Uploading
                    ? "The file's upload has not been completed (POST /v1/files/{id}/complete)."
                    : "The file's upload was never completed and has expired; upload the file again.");
        }

        var redirects = new ContentRedirects(context, services.StorageOptions.Value.PresignedUrlLifetime, asDownload == true, services.Storage);
        var original = () => redirects.To(file.Key, $"\"{file.ContentHash}\"", file.OriginalFilename);
        if (variant is null)
        {
            return original();
        }

        var presets = await services.Files.VariantPresetsAsync(file.ProjectId, cancellationToken);
        if (presets.FirstOrDefault(preset => preset.Name == variant) is not { } wanted)
        {
            return ProblemResults.NotFound($"No variant '{variant}': the project has no preset of that name.");
        }

        var fallBack = fallback == FallbackToOriginal;
        if (file.Status == FileStatus.Failed)
        {
            return fallBack
                ? original()
                : ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "File failed",
                    "The original could not be processed, so no variant can be made of it.");
        }

        var rendition = await services.Files.RequestVariantAsync(file, wanted, cancellationToken);
        if (rendition is { Status: RenditionStatus.Ready, Key: { } key })
        {
            var extension = Path.GetExtension(key);
            return redirects.To(key, $"\"{rendition.DefinitionHash[..16]}.{file.ContentHash?[..16]}\"",
                $"{Path.GetFileNameWithoutExtension(file.OriginalFilename)}-{variant}{extension}");
        }

        if (fallBack)
        {
            return original();
        }

        if (rendition.Status == RenditionStatus.Failed)
        {
            return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Variant failed",
                $"The variant could not be made ({rendition.ErrorCode}; job {rendition.JobId}); changing the preset makes it again.");
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Accepted($"/v1/jobs/{rendition.JobId}",
            new VariantPendingResponse(file.Id, variant, rendition.Status.ToWire(), rendition.JobId));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteFile(
        Guid fileId, string? permanent, ClaimsPrincipal user, [AsParameters] FileApiServices services, CancellationToken cancellationToken)
    {
        var purge = permanent is null ? false : ParseFlag(permanent);
        if (purge is null)
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["permanent"] = ["Use true or false."] });
        }

        // A hidden file can still be deleted permanently.
        if (await FindAccessibleAsync(fileId, user, services, includeDeleted: purge.Value, cancellationToken) is null)
        {
            return NoFile(fileId);
        }

        var deleted = purge.Value
            ? await services.Files.DeletePermanentlyAsync(fileId, cancellationToken) is not null
            : await services.Files.SoftDeleteAsync(fileId, cancellationToken);
        return deleted ? TypedResults.NoContent() : NoFile(fileId);
    }

    public static async Task<Results<Ok<FileResponse>, ProblemHttpResult>> RestoreFile(
        Guid fileId, ClaimsPrincipal user, [AsParameters] FileApiServices services, IOptions<Cleanup.CleanupOptions> cleanup,
        CancellationToken cancellationToken)
    {
        if (await FindAccessibleAsync(fileId, user, services, includeDeleted: true, cancellationToken) is not { } file)
        {
            return NoFile(fileId);
        }

        if (file.DeletedAt is not null)
        {
            // Past the retention period the purge may already be removing its objects: restoring it would race that.
            var retention = cleanup.Value.Retention;
            file = await services.Files.RestoreAsync(fileId, services.Clock.GetUtcNow() - retention, cancellationToken);
            if (file is null)
            {
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Retention period over",
                    $"The file was deleted more than {retention.TotalDays:0.##} days ago and can no longer be restored.");
            }
        }

        var presets = await services.Files.VariantPresetsAsync(file.ProjectId, cancellationToken);
        return TypedResults.Ok(FileResponse.From(file, presets, services.Storage));
    }

    /// <summary>A file the caller may act on, or null (no such file, or not the caller's: both answer 404).</summary>
    private static async Task<StoredFile?> FindAccessibleAsync(Guid fileId, ClaimsPrincipal user, FileApiServices services,
        bool includeDeleted, CancellationToken cancellationToken) =>
        await services.Files.FindAsync(fileId, includeDeleted, cancellationToken) is { } file &&
        await services.Access.AllowsAsync(user, file.ProjectId, ProjectRole.Member, cancellationToken)
            ? file
            : null;

    private static ProblemHttpResult NoFile(Guid fileId) => ProblemResults.NotFound($"No file {fileId}.");

    private static ProblemHttpResult NoProject(Guid projectId) => ProblemResults.NotFound($"No project {projectId}.");

    private static bool? ParseFlag(string value) => value switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => null,
    };

    /// <summary>The client's name for the file without any path, control characters or excess length; or a name made from the id.</summary>
    /// <summary>
    /// The plan's quotas for a file: the original and one rendition per variant preset (what the upload's job will
    /// store), its bytes when known.
    /// </summary>
    private static async Task<ProblemHttpResult?> QuotaExceededAsync(FileApiServices services, Guid projectId, long? sourceBytes,
        CancellationToken cancellationToken)
    {
        var presets = await services.Files.VariantPresetsAsync(projectId, cancellationToken);
        return await services.Quotas.CheckAsync(projectId, Billing.QuotaGate.ForJob(presets.Count, sourceBytes), cancellationToken) is { } exceeded
            ? exceeded.ToProblem()
            : null;
    }

    private static string CleanFilename(string? filename, string extension)
    {
        var name = new string(Path.GetFileName((filename ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? $"upload.{extension}" : name[..Math.Min(name.Length, 255)];
    }

    /// <summary>The answers without a body (a 302 or 304 declared by type would be documented as a JSON body).</summary>
    private static void DescribeRedirects(OpenApiOperation operation)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["302"] = new OpenApiResponse
        {
            Description = "Redirect (Location) to a presigned URL of the original or the variant; Cache-Control, ETag and, with ?download=1, Content-Disposition set.",
        };
        operation.Responses["304"] = new OpenApiResponse { Description = "If-None-Match matched the ETag: the client's copy is current." };
    }

    private static void DescribeForm(OpenApiOperation operation)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String, Format = "binary",
                                Description = "The image: its format is sniffed from its bytes, its name kept as original_filename.",
                            },
                        },
                    },
                },
            },
        };
    }
}
