namespace PixelFlow.Api.Accounts;

/// <summary>
/// One refresh token of a sign-in. Each refresh replaces the token with a new one of the same family; presenting a
/// replaced token again means it was copied, and revokes the whole family (OAuth 2.0 Security BCP, refresh token
/// rotation). Only a SHA-256 hash is stored: the token is 256 random bits, like an API key.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The sign-in this token descends from: every rotation keeps it.</summary>
    public Guid FamilyId { get; set; }

    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set when the token was used (rotated), logged out or revoked with its family.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
