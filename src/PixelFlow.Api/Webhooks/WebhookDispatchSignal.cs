using PixelFlow.Api.Outbox;

namespace PixelFlow.Api.Webhooks;

/// <summary>
/// Wakes this instance's <see cref="WebhookDispatcher"/> when it queued a delivery, so the first attempt goes out
/// at once instead of at the next poll.
/// </summary>
public sealed class WebhookDispatchSignal : WakeUpSignal;
