// One set of servers and one API and worker for the whole run, shared by every test class.
[assembly: AssemblyFixture(typeof(PixelFlow.Tests.Infrastructure.ServersFixture))]
