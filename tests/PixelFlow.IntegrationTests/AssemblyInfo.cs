[assembly: AssemblyFixture(typeof(PixelFlow.Tests.Infrastructure.LocalServices.Lifetime))]
