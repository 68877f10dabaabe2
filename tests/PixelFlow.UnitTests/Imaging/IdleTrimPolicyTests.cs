using PixelFlow.Imaging.Native;

namespace PixelFlow.UnitTests.Imaging;

public sealed class IdleTrimPolicyTests
{
    [Fact]
    public void A_process_that_has_done_no_work_is_not_trimmed()
    {
        var policy = new IdleTrimPolicy();

        Assert.False(policy.ShouldTrimOnTick());
        Assert.False(policy.ShouldTrimOnTick());
    }

    [Fact]
    public void Under_steady_load_the_heap_is_trimmed_only_every_busy_period()
    {
        var policy = new IdleTrimPolicy();
        for (var round = 0; round < 2; round++)
        {
            for (var tick = 1; tick < IdleTrimPolicy.BusyTrimEveryTicks; tick++)
            {
                policy.WorkStarted();
                policy.WorkEnded();
                Assert.False(policy.ShouldTrimOnTick());
            }

            policy.WorkStarted();
            policy.WorkEnded();
            Assert.True(policy.ShouldTrimOnTick());
        }
    }

    [Fact]
    public void A_long_render_is_trimmed_only_every_busy_period()
    {
        var policy = new IdleTrimPolicy();
        policy.WorkStarted();

        var trims = Enumerable.Range(0, IdleTrimPolicy.BusyTrimEveryTicks * 2).Count(_ => policy.ShouldTrimOnTick());

        Assert.Equal(2, trims);
    }

    [Fact]
    public void The_first_tick_after_a_whole_quiet_interval_trims_once_per_idle_period()
    {
        var policy = new IdleTrimPolicy();
        policy.WorkStarted();
        policy.WorkEnded();

        Assert.False(policy.ShouldTrimOnTick()); // work began during this interval
        Assert.True(policy.ShouldTrimOnTick()); // a whole interval without any
        Assert.False(policy.ShouldTrimOnTick()); // still idle: nothing new to give back

        policy.WorkStarted();
        policy.WorkEnded();
        Assert.False(policy.ShouldTrimOnTick());
        Assert.True(policy.ShouldTrimOnTick());
    }

    [Fact]
    public void An_image_still_open_at_a_quiet_tick_defers_the_trim_until_it_is_released()
    {
        var policy = new IdleTrimPolicy();
        policy.WorkStarted();
        Assert.False(policy.ShouldTrimOnTick());
        Assert.False(policy.ShouldTrimOnTick()); // no new work, but one image still open

        policy.WorkEnded();

        Assert.True(policy.ShouldTrimOnTick());
    }
}
