using System.Text.Json;
using StackExchange.Redis;

namespace PixelFlow.Web.Session;

/// <summary>
/// The tokens of each console session, in Redis under the session's id (the only thing the browser's cookie carries
/// besides who signed in). Redis rather than memory: sessions survive a restart of the console and are shared by
/// its replicas.
/// </summary>
public sealed class TokenStore(IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>As long as the API's refresh tokens live: a session whose refresh token expired must sign in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private static RedisKey Key(string sessionId) => $"pixelflow:console:session:{sessionId}";

    public async Task<SessionTokens?> GetAsync(string sessionId)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(sessionId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SessionTokens>((string)value!);
    }

    public Task SaveAsync(string sessionId, SessionTokens tokens) =>
        redis.GetDatabase().StringSetAsync(Key(sessionId), JsonSerializer.Serialize(tokens), Lifetime);

    public Task RemoveAsync(string sessionId) => redis.GetDatabase().KeyDeleteAsync(Key(sessionId));

    public SessionTokens From(Console.TokenPair pair) =>
        new(pair.AccessToken, pair.RefreshToken, clock.GetUtcNow().AddSeconds(pair.ExpiresIn));
}
