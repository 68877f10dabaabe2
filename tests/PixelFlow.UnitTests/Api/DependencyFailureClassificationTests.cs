using System.Net.Sockets;
using PixelFlow.Api.Problems;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class DependencyFailureClassificationTests
{
    [Fact]
    public void AnUnreachableDatabaseIsUnavailableEvenWhenEfCoreWrapsIt() =>
        UnhandledExceptionHandler.IsDependencyUnavailable(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new Npgsql.NpgsqlException("Exception while connecting", new SocketException((int)SocketError.ConnectionRefused)))).ShouldBeTrue();

    [Fact]
    public void ABugIsNotMistakenForAnOutage() =>
        UnhandledExceptionHandler.IsDependencyUnavailable(new InvalidOperationException("Sequence contains no elements")).ShouldBeFalse();
}
