namespace PixelFlow.Web.Session;

/// <summary>A signed-in browser's API tokens, kept on the server (Redis), never in the browser.</summary>
public sealed record SessionTokens(string AccessToken, string RefreshToken, DateTimeOffset AccessExpiresAt);
