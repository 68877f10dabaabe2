// One set of servers and one API and worker for the whole run, shared by every test class.
[assembly: AssemblyFixture(typeof(PixelFlow.Tests.Infrastructure.ServersFixture))]

// Classes run in parallel: each test makes its own project, and those that observe the shared API and worker as a
// whole run alone afterwards (Infrastructure/Collections.cs).
