using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PixelFlow.Api.Accounts;

/// <summary>What login and refresh answer (OAuth 2.0 token response names).</summary>
/// <param name="ExpiresIn">Seconds the access token is valid.</param>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>
/// Issues a sign-in's tokens: a short-lived JWT access token, and a refresh token that is replaced on every use
/// (<see cref="RefreshToken"/> explains the rotation and reuse detection).
/// </summary>
public sealed class SessionTokens(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>The audience of the tokens this API issues for itself.</summary>
    public const string Audience = "pixelflow-api";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A new sign-in: a new token family.</summary>
    public Task<TokenResponse> StartAsync(PixelFlowDbContext db, User user, CancellationToken cancellationToken) =>
        IssueAsync(db, user, familyId: Guid.CreateVersion7(), cancellationToken);

    /// <summary>
    /// Replaces <paramref name="presented"/> with a new pair, or null when it is unknown, expired or revoked. A
    /// revoked token presented again revokes its family: whoever holds the current one must sign in again.
    /// </summary>
    public async Task<TokenResponse?> RotateAsync(PixelFlowDbContext db, string presented, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var hash = Hash(presented);
        var stored = await db.RefreshTokens.FromSql($"SELECT * FROM refresh_tokens WHERE token_hash = {hash} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null || stored.ExpiresAt <= now)
        {
            return null;
        }

        if (stored.RevokedAt is not null)
        {
            await RevokeFamilyAsync(db, stored.FamilyId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        var user = await db.Users.SingleOrDefaultAsync(candidate => candidate.Id == stored.UserId, cancellationToken);
        if (user is null || (user.LockoutEnd is { } lockoutEnd && lockoutEnd > now))
        {
            return null;
        }

        stored.RevokedAt = now;
        var response = await IssueAsync(db, user, stored.FamilyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>Ends the sign-in <paramref name="presented"/> belongs to; false when the token is unknown.</summary>
    public async Task<bool> RevokeAsync(PixelFlowDbContext db, string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var familyId = await db.RefreshTokens.Where(token => token.TokenHash == hash).Select(token => (Guid?)token.FamilyId)
            .SingleOrDefaultAsync(cancellationToken);
        if (familyId is null)
        {
            return false;
        }

        await RevokeFamilyAsync(db, familyId.Value, clock.GetUtcNow(), cancellationToken);
        return true;
    }

    private async Task<TokenResponse> IssueAsync(PixelFlowDbContext db, User user, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var refresh = "pfr_" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refresh),
            CreatedAt = now,
            ExpiresAt = now + settings.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        var access = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + settings.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = keys.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email!,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return new TokenResponse(access, refresh, (int)settings.AccessTokenLifetime.TotalSeconds);
    }

    private static Task RevokeFamilyAsync(PixelFlowDbContext db, Guid familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(token => token.FamilyId == familyId && token.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(token => token.RevokedAt, now), cancellationToken);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
