using System.Diagnostics;
using System.Text.Json;
using MassTransit;

namespace PixelFlow.Api.Outbox;

/// <summary>Adds commands to the outbox inside the caller's unit of work, and wakes the dispatcher after commit.</summary>
public sealed class OutboxWriter(TimeProvider clock) : WakeUpSignal
{
    private static readonly IReadOnlyDictionary<string, Type> KnownTypes =
        new[] { typeof(ProcessJob) }.ToDictionary(type => type.FullName!);

    public void Add<T>(PixelFlowDbContext db, T message, string destination) where T : class
    {
        var now = clock.GetUtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            Destination = destination,
            MessageType = typeof(T).FullName!,
            Payload = JsonSerializer.Serialize(message),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    internal static object Deserialize(OutboxMessage message) =>
        JsonSerializer.Deserialize(message.Payload, KnownTypes[message.MessageType])!;
}
