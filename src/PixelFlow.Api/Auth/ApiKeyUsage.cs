using System.Collections.Concurrent;

namespace PixelFlow.Api.Auth;

/// <summary>
/// Records when each key was last used (shown in key listings) without a database write per request: an instance
/// writes a key's time at most once per <see cref="Resolution"/>, so the listing is that coarse.
/// </summary>
public sealed class ApiKeyUsage(TimeProvider clock)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastWritten = new();

    public async Task RecordAsync(PixelFlowDbContext db, Guid keyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lastWritten.TryGetValue(keyId, out var written) && now - written < Resolution)
        {
            return;
        }

        _lastWritten[keyId] = now;
        await db.ApiKeys.Where(key => key.Id == keyId)
            .ExecuteUpdateAsync(set => set.SetProperty(key => key.LastUsedAt, now), cancellationToken);
    }
}
