using System.Diagnostics;
using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Tests.Infrastructure;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>Runs alone: reads libvips' process-wide allocation counters, so nothing else may be processing.</summary>
[CollectionDefinition(nameof(LeakCollection), DisableParallelization = true)]
public sealed class LeakCollection;

[Collection(nameof(LeakCollection))]
public sealed class LeakTests
{
    [Fact]
    public async Task ABatchOfJobsLeavesNoLibvipsAllocationPixelMemoryOrFileBehind()
    {
        var outputs = new[]
        {
            Output("webp", new OperationSpec { Action = Actions.Resize, Width = 120 }) with { Id = "a" },
            Output("jpeg", new OperationSpec { Action = Actions.Resize, Width = 200, Height = 200, Fit = FitModes.Cover },
                new OperationSpec { Action = Actions.Watermark, Text = "x" }) with { Id = "b" },
            Output("png", new OperationSpec { Action = Actions.Crop, Width = 100, Height = 100, Gravity = Gravities.Smart },
                new OperationSpec { Action = Actions.Rotate, Angle = 15 }, new OperationSpec { Action = Actions.Sharpen }) with { Id = "c" },
            // scaled from "a" (ScaleCascade keeps "a" in memory until the source is disposed)
            Output("jpeg", new OperationSpec { Action = Actions.Resize, Width = 60 }) with { Id = "d" },
        };
        var sources = new[] { Source("scene.jpg"), Source("scene-alpha.png"), Synth.Animation("gifsave_buffer", 5) };
        Run(); // warm up: type registration, lazily created singletons (fonts, profiles)

        var before = Quiescent();
        for (var i = 0; i < 5; i++)
            Run();

        // libvips' worker threads release a pipeline's last buffers as they wind down, after the call that used them
        // returned: wait for the counters to come back to the baseline. What this batch leaked would never come back.
        var after = await Poll.UntilAsync(Counters, now => Within(now, before), TimeSpan.FromSeconds(30), now => $"still {now}, baseline {before}");

        after.Allocations.ShouldBeLessThanOrEqualTo(before.Allocations);
        after.Memory.ShouldBeLessThanOrEqualTo(before.Memory);
        after.Files.ShouldBeLessThanOrEqualTo(before.Files);

        // NetVips.Stats: live tracked allocations (pixel buffers, memory images), their bytes, open files.
        static (int Allocations, long Memory, int Files) Counters() => (Stats.Allocations, Stats.Mem, Stats.Files);

        static bool Within((int Allocations, long Memory, int Files) now, (int Allocations, long Memory, int Files) limit) =>
            now.Allocations <= limit.Allocations && now.Memory <= limit.Memory && now.Files <= limit.Files;

        // The counters once they have not moved for half a second: the warm-up's buffers are released (see above).
        // (A steadiness measure, not a wait for a fact: no event says that libvips' threads are done.)
        static (int Allocations, long Memory, int Files) Quiescent()
        {
            var waited = Stopwatch.StartNew();
            var last = Counters();
            var stableSince = Stopwatch.StartNew();
            while (stableSince.Elapsed < TimeSpan.FromMilliseconds(500) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(50);
                var now = Counters();
                if (now != last)
                    (last, stableSince) = (now, Stopwatch.StartNew());
            }

            return last;
        }

        void Run()
        {
            foreach (var source in sources)
            {
                using var decoded = Processor.Open(source, outputs, ProcessingLimits.Default);
                foreach (var spec in outputs)
                {
                    using var output = decoded.Render(spec, NoAssets);
                    output.Data.Length.ShouldBeGreaterThan(0);
                }
            }

            // one-output jobs stream their decode into the encoder
            foreach (var source in sources)
            {
                using var decoded = Processor.Open(source, [outputs[0]], ProcessingLimits.Default);
                using var output = decoded.Render(outputs[0], NoAssets);
                output.Data.Length.ShouldBeGreaterThan(0);
            }

            // and failures must not leak either
            Should.Throw<PixelFlow.Imaging.ImageProcessingException>(() => Processor.Open(sources[0][..500], outputs, ProcessingLimits.Default));
            // one output streams: the failure surfaces while rendering, after a second (materialised) decode
            Should.Throw<PixelFlow.Imaging.ImageProcessingException>(() =>
            {
                using var decoded = Processor.Open(sources[0][..500], [outputs[0]], ProcessingLimits.Default);
                using var output = decoded.Render(outputs[0], NoAssets);
            });
        }
    }
}
