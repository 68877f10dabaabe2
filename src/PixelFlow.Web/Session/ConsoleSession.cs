using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using PixelFlow.Web.Console;

namespace PixelFlow.Web.Session;

/// <summary>
/// The signed-in user's access token for API calls, from a page or a live component alike: the session id is a
/// claim of the cookie's principal, the tokens are in <see cref="TokenStore"/>. An access token about to expire is
/// refreshed first (the API rotates refresh tokens, so one refresh per session at a time).
/// </summary>
public sealed class ConsoleSession(AuthenticationStateProvider authentication, TokenStore tokens, ApiTransport api, TimeProvider clock)
{
    public const string SessionIdClaim = "sid";

    /// <summary>Refresh this long before the access token expires, so no request carries one that lapses on the way.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Refreshing = new();

    /// <summary>The current access token, refreshed when needed; an <see cref="ApiProblem"/> 401 when the session has ended.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var sessionId = user.FindFirstValue(SessionIdClaim) ?? throw SignedOut();
        var current = await tokens.GetAsync(sessionId) ?? throw SignedOut();
        if (current.AccessExpiresAt - RefreshMargin > clock.GetUtcNow())
            return current.AccessToken;

        var gate = Refreshing.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            current = await tokens.GetAsync(sessionId) ?? throw SignedOut();
            if (current.AccessExpiresAt - RefreshMargin > clock.GetUtcNow())
                return current.AccessToken; // refreshed while this call waited

            var pair = await api.SendAsync<TokenPair>(HttpMethod.Post, "/v1/auth/refresh", new { refresh_token = current.RefreshToken }, null, cancellationToken);
            var renewed = tokens.From(pair);
            await tokens.SaveAsync(sessionId, renewed);
            return renewed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private static ApiProblem SignedOut() => new(401, "Signed out", "Your session has ended: sign in again.", null);
}
