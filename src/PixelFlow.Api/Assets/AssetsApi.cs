namespace PixelFlow.Api.Assets;

/// <summary>
/// <c>/v1/assets</c>: a project's reusable images (watermarks), referenced from jobs by key
/// (<c>{"action":"watermark","image_key":"logo.png"}</c>). Uploaded as the raw request body, streamed to storage,
/// format sniffed from the bytes.
/// </summary>
public static class AssetsApi
{
    private const int MaxListed = 1000;

    public static RouteGroupBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/assets").WithTags("Assets").RequireAuthorization();
        api.MapPut("/{*key}", PutAsset).WithName("PutAsset").WithSummary("Upload (or replace) an asset: the raw image as the body")
            .Accepts<byte[]>("application/octet-stream", "image/png", "image/jpeg", "image/webp", "image/gif")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAssets).WithName("ListAssets").WithSummary("The project's assets");
        api.MapDelete("/{*key}", DeleteAsset).WithName("DeleteAsset").WithSummary("Delete an asset");
        return api;
    }

    public static async Task<Results<Created<AssetResponse>, ValidationProblem, ProblemHttpResult>> PutAsset(
        string key, HttpRequest request, ClaimsPrincipal user, ObjectStorage storage, IOptions<JobLimitsOptions> limits)
    {
        if (!AssetKeys.IsValid(key))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["key"] = [AssetKeys.Rule] });
        }

        string? format = null;
        var upload = await storage.UploadStreamAsync(StorageKeys.Asset(user.ProjectId(), key), request.Body, "application/octet-stream",
            limits.Value.MaxAssetBytes, head => (format = ImageSniffer.Sniff(head.Span)) is not null, null, request.HttpContext.RequestAborted);
        return upload.Outcome switch
        {
            StreamedUploadOutcome.TooLarge => ProblemResults.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.SourceTooLarge,
                "Asset too large", $"An asset may be at most {limits.Value.MaxAssetBytes} bytes."),
            StreamedUploadOutcome.Rejected => ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Unsupported image format", $"An asset must be one of {string.Join(", ", ImageSniffer.Accepted)} (read from its bytes)."),
            _ => TypedResults.Created($"/v1/assets/{key}", new AssetResponse(key, upload.Bytes, format, DateTimeOffset.UtcNow)),
        };
    }

    public static async Task<Ok<List<AssetResponse>>> ListAssets(ClaimsPrincipal user, ObjectStorage storage, CancellationToken cancellationToken)
    {
        var prefix = StorageKeys.AssetPrefix(user.ProjectId());
        var objects = await storage.ListAsync(prefix, MaxListed, cancellationToken);
        return TypedResults.Ok(objects.Select(item => new AssetResponse(item.Key[prefix.Length..], item.Size, null, item.LastModified)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsset(
        string key, ClaimsPrincipal user, ObjectStorage storage, CancellationToken cancellationToken)
    {
        var storageKey = StorageKeys.Asset(user.ProjectId(), key);
        if (await storage.GetSizeAsync(storageKey, cancellationToken) is null)
        {
            return ProblemResults.NotFound($"No asset '{key}' in this project.");
        }

        await storage.DeleteAsync(storageKey, cancellationToken);
        return TypedResults.NoContent();
    }
}
