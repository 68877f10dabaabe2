using System.Net;
using Npgsql;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Imaging;
using PixelFlow.Worker.Consumers;
using Shouldly;

namespace PixelFlow.Tests.Recovery;

/// <summary>Which failures are retried, and for how long: the predicates every retry in the system shares.</summary>
public sealed class FailureClassificationTests
{
    [Fact]
    public void ADatabaseErrorWrappedByEfCoreAsATransientFailureIsRetried()
    {
        // What EF Core's Npgsql execution strategy throws (retries off) when the connection drops mid-restart.
        var wrapped = new InvalidOperationException(
            "An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")));

        DatabaseFailures.IsTransient(wrapped).ShouldBeTrue();
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CrashShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    [InlineData(PostgresErrorCodes.UndefinedColumn, false)]
    public void APostgresErrorIsRetriedOnlyWhenTheServerCouldAnswerDifferentlyNextTime(string sqlState, bool transient)
    {
        var error = new Microsoft.EntityFrameworkCore.DbUpdateException("save failed",
            new PostgresException("message", "FATAL", "FATAL", sqlState));

        DatabaseFailures.IsTransient(error).ShouldBe(transient);
    }

    [Fact]
    public void AnErrorUnrelatedToTheDatabaseIsNotRetried() =>
        DatabaseFailures.IsTransient(new InvalidOperationException("Sequence contains no elements")).ShouldBeFalse();

    [Fact]
    public void StorageUnreachableOrAnswering5xxIsAnOutageToWaitOut()
    {
        StorageFailures.IsTransient(new PixelFlow.Infrastructure.StorageUnavailableException("storage answered 503")).ShouldBeTrue();
        StorageFailures.IsTransient(new InvalidOperationException("wrapped",
            new PixelFlow.Infrastructure.StorageUnavailableException("connection refused", new System.Net.Sockets.SocketException(111)))).ShouldBeTrue();
        StorageFailures.IsTransient(new TaskCanceledException("timeout", new TimeoutException())).ShouldBeTrue();
    }

    [Fact]
    public void AStorageRefusalOrABadSourceIsNotAnOutage()
    {
        StorageFailures.IsTransient(new HttpRequestException("Forbidden", null, HttpStatusCode.Forbidden)).ShouldBeFalse();
        StorageFailures.IsTransient(new ImageProcessingException("source_corrupt", "bad bytes")).ShouldBeFalse();
    }

    [Fact]
    public void ConsumersRetryInGrowingStepsForMinutesButLetGoBeforeRabbitMqCancelsThem()
    {
        var intervals = Microsoft.Extensions.Hosting.MessageRetryIntervals.OverMinutes;
        intervals.Zip(intervals.Skip(1)).ShouldAllBe(pair => pair.Second >= pair.First);
        var total = intervals.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait);
        total.ShouldBeGreaterThan(TimeSpan.FromMinutes(5));
        total.ShouldBeLessThan(TimeSpan.FromMinutes(15)); // RabbitMQ's consumer_timeout is 30 minutes
    }

    [Fact]
    public void TheWorkerWaitsOutMoreThanAMinuteOfStorageOutage() =>
        Microsoft.Extensions.Hosting.MessageRetryIntervals.OutlastAMinute.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait)
            .ShouldBeGreaterThan(TimeSpan.FromSeconds(75));
}
