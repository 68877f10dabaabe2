// One set of servers and one API and worker for the whole run, shared by every test class.
[assembly: AssemblyFixture(typeof(PixelFlow.Tests.Infrastructure.ServersFixture))]

// The classes share that API and worker, and several assert on what they observe of them as a whole (metric sums,
// spans of a job, webhook deliveries from the shared table): run in parallel, they counted each other's work (two CI
// runs on 2026-11-30 failed three different tests that way). Until each test scopes what it observes to its own
// project, the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
