using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Native;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>The libvips process settings the engine applies through NetVips.</summary>
public sealed class LibvipsTests
{
    public LibvipsTests() => _ = Processor;

    [Fact]
    public void TheBuildAskedForIsTheOneLoaded()
    {
        Libvips.Build.ShouldBe(Library);
        if (Library == LibvipsBuild.Bundled)
            Libvips.Version.ShouldBeGreaterThanOrEqualTo(new Version(8, 18, 7));
    }

    [Fact]
    public void TheOperationCacheIsOff() => Cache.Max.ShouldBe(0);

    [Fact]
    public void ALoaderOutsideTheAllowlistIsRefusedEvenWhenCalledDirectly()
    {
        // A matrix file: libvips' matrixload reads it, and no product path may.
        using var source = NetVips.Source.NewFromMemory("2 2\n0 0\n0 0\n"u8);
        Should.Throw<VipsException>(() => Image.NewFromSource(source));
    }

    [Fact]
    public void OperationsRunConcurrentlyFromManyThreadsWithIdenticalResults()
    {
        var source = Source("scene.jpg");
        var spec = Output("png", new OperationSpec { Action = Actions.Resize, Width = 150 });
        using var reference = RenderOne(source, spec);
        var expected = reference.Data.ToArray();
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var output = RenderOne(source, spec);
            output.Data.ToArray().ShouldBe(expected);
        });
    }
}

/// <summary>Reading glibc's start-up tunables for the worker's heap report.</summary>
public sealed class NativeHeapTests
{
    [Theory]
    [InlineData("glibc.malloc.hugetlb=1", true)]
    [InlineData("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2", true)]
    [InlineData("glibc.malloc.hugetlb=0", false)]
    [InlineData("glibc.malloc.hugetlb=10", false)]
    [InlineData("glibc.malloc.arena_max=2", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void HugePagesAreOnOnlyWhenTheHugetlbTunableIsOneOrTwo(string? tunables, bool expected) =>
        NativeHeap.HugePagesRequested(tunables).ShouldBe(expected);
}
