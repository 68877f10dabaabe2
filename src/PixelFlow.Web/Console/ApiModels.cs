namespace PixelFlow.Web.Console;

// The API's JSON, as the console reads it (snake_case; fields the console does not show are ignored).

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record UserInfo(Guid Id, string Email, DateTimeOffset CreatedAt);

public sealed record ProjectSummary(Guid Id, string Name, string Role, DateTimeOffset CreatedAt);

public sealed record ProjectDetails(Guid Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt);

public sealed record ApiKeyInfo(Guid Id, string? Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt);

public sealed record CreatedApiKey(Guid Id, string Name, string Key, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
