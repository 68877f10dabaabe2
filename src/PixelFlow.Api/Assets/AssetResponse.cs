namespace PixelFlow.Api.Assets;

/// <summary>An asset; <c>format</c> is known right after upload only.</summary>
public sealed record AssetResponse(string Key, long Bytes, string? Format, DateTimeOffset LastModified);
