using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker.Rendering;
using Shouldly;
using Xunit;

namespace PixelFlow.Tests.Worker;

/// <summary>
/// The guard around libvips work: a native call that never returns costs its job, never the worker's slot. The deadline
/// is the subject, so the clock is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
public sealed class RenderGuardTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ARenderThatNeverReturnsIsAbandonedAtTheDeadlinePlusGraceAndTheWorkerTurnsUnhealthyUntilItReturns()
    {
        var clock = new FakeTimeProvider();
        var guard = new RenderGuard(clock);
        var health = new RenderHealthCheck(guard);
        using var stuckInNativeCode = new ManualResetEventSlim();

        // Ignores its cancellation token, as a decoder spinning inside a native loader would.
        var render = guard.RunAsync("job-1", clock.GetUtcNow() + Deadline, CancellationToken.None, _ => stuckInNativeCode.Wait(Timeout.Infinite));
        // Only the guard's timer could end the wait, and it is not due yet.
        clock.Advance(Deadline + RenderGuard.Grace - TimeSpan.FromMilliseconds(1));
        render.IsCompleted.ShouldBeFalse("the render was given up before its deadline plus the grace period");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var abandoned = await Should.ThrowAsync<RenderAbandonedException>(render);
        abandoned.Message.ShouldContain("deadline");
        guard.Stuck.Select(s => s.Job).ShouldBe(["job-1"]);
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Unhealthy);

        // The stuck call returns at last: the worker is healthy again.
        stuckInNativeCode.Set();
        await Poll.UntilAsync(() => guard.Stuck.Count == 0, TimeSpan.FromSeconds(10), "the returned render is still counted stuck");
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task ARenderThatStopsAtItsDeadlineReportsItsOwnErrorAndIsNotCountedStuck()
    {
        var clock = new FakeTimeProvider();
        var guard = new RenderGuard(clock);
        using var deadline = new CancellationTokenSource(Deadline, clock);

        var render = guard.RunAsync("job-2", clock.GetUtcNow() + Deadline, deadline.Token, token =>
        {
            token.WaitHandle.WaitOne();
            token.ThrowIfCancellationRequested();
            return 0;
        });
        clock.Advance(Deadline);

        await Should.ThrowAsync<OperationCanceledException>(render);
        guard.Stuck.ShouldBeEmpty();
    }

    [Fact]
    public async Task AResultArrivingAfterItWasAbandonedIsDisposed()
    {
        var clock = new FakeTimeProvider();
        var guard = new RenderGuard(clock);
        using var late = new ManualResetEventSlim();
        var result = new DisposeProbe();

        var render = guard.RunAsync("job-3", clock.GetUtcNow(), CancellationToken.None, _ =>
        {
            late.Wait();
            return result;
        });
        clock.Advance(RenderGuard.Grace);
        await Should.ThrowAsync<RenderAbandonedException>(render);
        late.Set();

        (await result.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    private sealed class DisposeProbe : IDisposable
    {
        public TaskCompletionSource<bool> Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => Disposed.TrySetResult(true);
    }
    [Fact]
    public async Task RendersOneAfterAnotherRunOnOneReusedThreadAndWhileOneIsStuckTheNextGetsAnother()
    {
        var clock = new FakeTimeProvider();
        var guard = new RenderGuard(clock);
        var far = clock.GetUtcNow() + TimeSpan.FromHours(1);

        var first = await guard.RunAsync("job-3", far, CancellationToken.None, _ => Thread.CurrentThread);
        // The thread goes back to the pool right after the render's result is set.
        await Poll.UntilAsync(() => guard.IdleThreads == 1, TimeSpan.FromSeconds(10), "the render thread did not return to the pool");
        (await guard.RunAsync("job-4", far, CancellationToken.None, _ => Thread.CurrentThread))
            .ShouldBeSameAs(first, "a render after another started a new thread instead of the idle one");

        using var stuck = new ManualResetEventSlim();
        var busy = guard.RunAsync("job-5", far, CancellationToken.None, _ => { stuck.Wait(Timeout.Infinite); return Thread.CurrentThread; });
        var meanwhile = await guard.RunAsync("job-6", far, CancellationToken.None, _ => Thread.CurrentThread);
        stuck.Set();
        (await busy).ShouldNotBeSameAs(meanwhile, "a render waited for a thread busy with another");
    }
}
