using PixelFlow.Contracts.V1;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>A job's deadline stops libvips mid-output (vips_image_set_kill), not only between outputs.</summary>
public sealed class DeadlineTests
{
    /// <summary>Seconds of work from a small source: enlarged to 4000 px, blurred, WebP at the slowest effort.</summary>
    private static readonly OutputSpec Expensive = Output("webp",
        new OperationSpec { Action = Actions.Resize, Width = 4000 },
        new OperationSpec { Action = Actions.Blur, Sigma = 20 }) with { Effort = 6 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CancellingARenderStopsItMidComputation(bool streamed)
    {
        OutputSpec[] outputs = streamed ? [Expensive] : [Expensive, Output("jpeg") with { Id = "small" }];
        using var decoded = Processor.Open(Source("scene.jpg"), outputs, ProcessingLimits.Default);
        decoded.Streams.ShouldBe(streamed);
        // Cancelled from a thread of its own: a timer's callback would wait for a free thread-pool thread, and in a
        // parallel test run those are all busy in libvips, so the render could finish first.
        using var deadline = new CancellationTokenSource();
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            deadline.Cancel();
        });
        canceller.Start();

        // Without the kill the render would return its output: the exception is what this pins, not a duration.
        var stopped = Should.Throw<OperationCanceledException>(() => decoded.Render(Expensive, NoAssets, deadline.Token));
        stopped.CancellationToken.ShouldBe(deadline.Token);
        canceller.Join();

        // A cancelled source refuses further work cleanly instead of rendering from killed pixels.
        Should.Throw<Exception>(() => decoded.Render(outputs[^1], NoAssets, deadline.Token));
    }

    [Fact]
    public void ARenderWithoutDeadlinePressureIsUnaffected()
    {
        var output = Output("webp", new OperationSpec { Action = Actions.Resize, Width = 100 });
        using var decoded = Processor.Open(Source("scene.jpg"), [output], ProcessingLimits.Default);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var rendered = decoded.Render(output, NoAssets, deadline.Token);
        rendered.Width.ShouldBe(100);
    }
}
