using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixelFlow.Worker.Rendering;
using Shouldly;
using Xunit;

namespace PixelFlow.Tests.Worker;

/// <summary>The guard around libvips work: a native call that never returns costs its job, never the worker's slot.</summary>
public sealed class RenderGuardTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ARenderThatNeverReturnsIsAbandonedAtTheDeadlinePlusGraceAndTheWorkerTurnsUnhealthyUntilItReturns()
    {
        var guard = new RenderGuard(TimeProvider.System);
        var health = new RenderHealthCheck(guard);
        using var stuckInNativeCode = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();

        // Ignores its cancellation token, as a decoder spinning inside a native loader would.
        var abandoned = await Should.ThrowAsync<RenderAbandonedException>(() =>
            guard.RunAsync("job-1", DateTimeOffset.UtcNow + Deadline, CancellationToken.None, _ => stuckInNativeCode.Wait(Timeout.Infinite)));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(Deadline + RenderGuard.Grace - TimeSpan.FromMilliseconds(100));
        clock.Elapsed.ShouldBeLessThan(Deadline + RenderGuard.Grace + TimeSpan.FromSeconds(3));
        abandoned.Message.ShouldContain("deadline");
        guard.Stuck.Select(s => s.Job).ShouldBe(["job-1"]);
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Unhealthy);

        // The stuck call returns at last: the worker is healthy again.
        stuckInNativeCode.Set();
        var waited = Stopwatch.StartNew();
        while (guard.Stuck.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20, TestContext.Current.CancellationToken);
        guard.Stuck.ShouldBeEmpty();
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task ARenderThatStopsAtItsDeadlineReportsItsOwnErrorAndIsNotCountedStuck()
    {
        var guard = new RenderGuard(TimeProvider.System);
        using var deadline = new CancellationTokenSource(Deadline);

        await Should.ThrowAsync<OperationCanceledException>(() => guard.RunAsync("job-2", DateTimeOffset.UtcNow + Deadline, deadline.Token, token =>
        {
            token.WaitHandle.WaitOne();
            token.ThrowIfCancellationRequested();
            return 0;
        }));

        guard.Stuck.ShouldBeEmpty();
    }

    [Fact]
    public async Task AResultArrivingAfterItWasAbandonedIsDisposed()
    {
        var guard = new RenderGuard(TimeProvider.System);
        using var late = new ManualResetEventSlim();
        var result = new DisposeProbe();

        await Should.ThrowAsync<RenderAbandonedException>(() => guard.RunAsync("job-3", DateTimeOffset.UtcNow, CancellationToken.None, _ =>
        {
            late.Wait();
            return result;
        }));
        late.Set();

        (await result.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    private sealed class DisposeProbe : IDisposable
    {
        public TaskCompletionSource<bool> Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => Disposed.TrySetResult(true);
    }
}
