using StackExchange.Redis;

namespace PixelFlow.Api.Events;

/// <summary>
/// Wakes this instance's open event streams when their project has new events. A wake-up carries no content:
/// each stream reads what is new from Postgres itself, so a dropped, duplicated or reordered notification can
/// delay an event (until the stream's next poll) but never lose, repeat or reorder one.
/// </summary>
public sealed class JobEventBroadcaster
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, HashSet<EventSubscription>> _byProject = [];

    /// <summary>Streams currently registered (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byProject.Values.Sum(subscriptions => subscriptions.Count);
            }
        }
    }

    /// <summary>Registers a stream; dispose the subscription when the stream ends.</summary>
    /// <param name="projectId">Whose events wake it.</param>
    /// <param name="lastSequence">The last sequence the stream has already sent (or is known not to need).</param>
    public EventSubscription Subscribe(Guid projectId, long lastSequence)
    {
        var subscription = new EventSubscription(this, projectId, lastSequence);
        lock (_lock)
        {
            if (!_byProject.TryGetValue(projectId, out var subscriptions))
            {
                _byProject[projectId] = subscriptions = [];
            }

            subscriptions.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Event <paramref name="sequence"/> of the project committed (null: some event, number unknown).</summary>
    public void Notify(Guid projectId, long? sequence)
    {
        foreach (var subscription in Snapshot(projectId))
        {
            subscription.Wake(sequence);
        }
    }

    /// <summary>Wakes every stream, e.g. after Redis reconnected and notifications may have been missed.</summary>
    public void NotifyAll()
    {
        foreach (var subscription in Snapshot(null))
        {
            subscription.Wake(null);
        }
    }

    private List<EventSubscription> Snapshot(Guid? projectId)
    {
        lock (_lock)
        {
            if (projectId is null)
            {
                return [.. _byProject.Values.SelectMany(subscriptions => subscriptions)];
            }

            return _byProject.TryGetValue(projectId.Value, out var subscriptions) ? [.. subscriptions] : [];
        }
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_lock)
        {
            if (_byProject.TryGetValue(subscription.ProjectId, out var subscriptions) &&
                subscriptions.Remove(subscription) && subscriptions.Count == 0)
            {
                _byProject.Remove(subscription.ProjectId);
            }
        }
    }
}

/// <summary>One stream's registration: a level-triggered wake-up signal (several notifications, one wake-up).</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly JobEventBroadcaster _broadcaster;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _lastSequence;

    internal EventSubscription(JobEventBroadcaster broadcaster, Guid projectId, long lastSequence)
    {
        _broadcaster = broadcaster;
        ProjectId = projectId;
        _lastSequence = lastSequence;
    }

    public Guid ProjectId { get; }

    /// <summary>The last sequence the stream sent; notifications at or below it are already covered.</summary>
    public long LastSequence
    {
        get => Interlocked.Read(ref _lastSequence);
        set => Interlocked.Exchange(ref _lastSequence, value);
    }

    /// <summary>Waits for a wake-up; false when <paramref name="timeout"/> passed without one.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    internal void Wake(long? sequence)
    {
        if (sequence <= LastSequence || _signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken concurrently; one wake-up is enough.
        }
    }

    // The semaphore is left to the GC: a notification may still be releasing it on another thread.
    public void Dispose() => _broadcaster.Remove(this);
}

/// <summary>
/// The instance's subscription to job event notices: a pattern over every project's channel, feeding the broadcaster.
/// </summary>
public sealed class RedisEventSubscriber(
    IConnectionMultiplexer redis,
    JobEventBroadcaster broadcaster,
    ILogger<RedisEventSubscriber> logger) : RedisSubscription(redis, logger)
{
    protected override RedisChannel Channel { get; } = new(JobEventRecorder.ChannelPrefix + "*", RedisChannel.PatternMode.Pattern);

    protected override string WhileUnsubscribed => "event streams poll meanwhile";

    protected override void OnMessage(RedisChannel channel, RedisValue message)
    {
        var name = (string?)channel;
        if (name is null || !Guid.TryParseExact(name.AsSpan(JobEventRecorder.ChannelPrefix.Length), "N", out var projectId))
        {
            return;
        }

        broadcaster.Notify(projectId, long.TryParse((string?)message, out var sequence) ? sequence : null);
    }

    /// <summary>Lets every stream catch up by reading what it may have missed.</summary>
    protected override void OnNoticesMissed() => broadcaster.NotifyAll();
}
