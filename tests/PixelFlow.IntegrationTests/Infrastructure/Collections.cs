namespace PixelFlow.Tests.Infrastructure;

// Test classes run in parallel (each is a collection of its own) unless they share more than the servers: then they
// join one of these.

/// <summary>Tests that disturb the shared servers (a server outage): they run alone, after all the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "Isolated";
}

/// <summary>
/// Tests that host an extra API instance. Every instance runs a webhook dispatcher over the shared table, and
/// WebhookDeliveryTests decides which one dispatches (see <c>WebhookFixture</c>): no other extra instance may run
/// meanwhile, so these run one after another (in parallel with the rest).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiInstancesCollection
{
    public const string Name = "API instances";
}
