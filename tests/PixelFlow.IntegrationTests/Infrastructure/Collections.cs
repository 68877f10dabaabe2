namespace PixelFlow.Tests.Infrastructure;

// Test classes run in parallel (each is a collection of its own; each test makes its own project) unless they share
// more than the servers: then they join one of these, which run after the parallel classes, one class at a time.

/// <summary>Tests that disturb the shared servers (a server outage): they run alone, after all the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "Isolated";
}

/// <summary>
/// Tests that see the shared hosts as a whole, not only their own project: they host an extra API or worker instance
/// (every API instance runs a webhook dispatcher over the shared table, and WebhookDeliveryTests decides which one
/// dispatches, see <c>WebhookFixture</c>), sum a host's metrics, read a job's spans among everyone's, or run the
/// recovery sweep over every project's jobs. Run in parallel with the other classes they counted (or settled) each
/// other's work, so they run one after another once the parallel classes are done.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeHostCollection
{
    public const string Name = "Whole host";
}
