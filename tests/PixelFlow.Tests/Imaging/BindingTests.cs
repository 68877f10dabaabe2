using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Native;
using Shouldly;
using Xunit;
using static PixelFlow.Tests.Imaging.Imaging;

namespace PixelFlow.Tests.Imaging;

/// <summary>The P/Invoke binding over libvips' generic operation API.</summary>
public sealed class BindingTests
{
    public BindingTests() => _ = Processor;

    [Fact]
    public void AMisspeltArgumentNameFailsNamingIt()
    {
        using var image = VipsOperation.Image("black", ("width", 4), ("height", 4));
        var e = Should.Throw<VipsException>(() => image.Call("embed", ("x", 0), ("y", 0), ("widht", 8), ("height", 8)));
        e.Message.ShouldContain("widht");
        e.Operation.ShouldBe("embed");
    }

    [Fact]
    public void AnUnknownOperationFails() =>
        Should.Throw<VipsException>(() => VipsOperation.Image("no_such_operation")).Message.ShouldContain("no_such_operation");

    [Fact]
    public void AnInvalidEnumValueFailsNamingIt()
    {
        using var image = VipsOperation.Image("black", ("width", 4), ("height", 4));
        Should.Throw<VipsException>(() => image.Flip("sideways")).Message.ShouldContain("sideways");
    }

    [Fact]
    public void LibvipsErrorTextIsCarriedByTheException()
    {
        var e = Should.Throw<VipsException>(() => VipsOperation.Image("jpegload_buffer", ("buffer", new byte[] { 1, 2, 3, 4 })));
        e.Message.ShouldContain("jpegload_buffer");
        e.Message.Length.ShouldBeGreaterThan("jpegload_buffer failed".Length);
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

    [Fact]
    public void OutputsCanBeReadBackTyped()
    {
        using var image = VipsOperation.Image("black", ("width", 7), ("height", 5), ("bands", 3));
        (image.Width, image.Height, image.Bands, image.BandFormat).ShouldBe((7, 5, 3, "uchar"));
        using var result = VipsOperation.Run("max", ("in", image));
        result.GetDouble("out").ShouldBe(0);
        VipsOperation.HasArgument("thumbnail_buffer", "option_string").ShouldBeTrue();
        VipsOperation.HasArgument("thumbnail_buffer", "nope").ShouldBeFalse();
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
