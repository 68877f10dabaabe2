using PixelFlow.Imaging;
using NetVips;
using PixelFlow.Imaging.Encoders;
using Shouldly;

namespace PixelFlow.Tests.Imaging;

/// <summary>
/// Golden-image comparison with a perceptual tolerance: both images are decoded by libvips and compared by mean
/// absolute difference per band (0–255 scale), never byte for byte, so encoder or libvips upgrades that change
/// bytes but not pictures do not fail tests.
/// Regenerate with <c>PIXELFLOW_UPDATE_GOLDEN=1</c> (writes into the source tree found above the test binaries) or
/// <c>PIXELFLOW_UPDATE_GOLDEN=/path/to/TestData/Imaging/golden</c>; review the diff before committing.
/// </summary>
internal static class Golden
{
    /// <summary>Mean absolute difference allowed per band; a visible change (a shifted crop, a flip) is far above it.</summary>
    public const double Tolerance = 2.5;

    public static void Matches(EncodedOutput output, string name, double tolerance = Tolerance)
    {
        using var actual = Imaging.Load(output.Data, allFrames: true);
        Matches(actual, name, tolerance);
    }

    public static void Matches(Image actual, string name, double tolerance = Tolerance)
    {
        // Goldens are stored as high-quality JPEG (PNG when there is alpha) to keep the repository small; the
        // tolerance absorbs the storage loss (≈ 1 per band at Q95).
        var fileName = name + (actual.HasAlpha() ? ".png" : ".jpg");
        var file = Imaging.DataPath("golden", fileName);
        if (UpdateDirectory() is { } dir)
        {
            Directory.CreateDirectory(dir);
            var encoded = actual.HasAlpha()
                ? Imaging.Save(actual, "pngsave_buffer", SaveOptions.StripMetadata(new VOption { { "compression", 9 } }, strip: true))
                : Imaging.Save(actual, "jpegsave_buffer", SaveOptions.StripMetadata(new VOption { { "Q", 95 } }, strip: true));
            File.WriteAllBytes(Path.Combine(dir, fileName), encoded);
            return;
        }

        File.Exists(file).ShouldBeTrue($"golden image {fileName} is missing; run with PIXELFLOW_UPDATE_GOLDEN=1 to create it");
        using var expected = Imaging.Load(File.ReadAllBytes(file), allFrames: true);
        (actual.Width, actual.Height, actual.Bands).ShouldBe((expected.Width, expected.Height, expected.Bands), $"{name}: size/bands differ from the golden image");
        MeanAbsoluteDifference(actual, expected).ShouldBeLessThan(tolerance, $"{name}: pixels differ from the golden image");
    }

    public static double MeanAbsoluteDifference(Image a, Image b)
    {
        using var diff = a.Subtract(b);
        using var abs = diff.Abs();
        return abs.Avg();
    }

    private static string? UpdateDirectory()
    {
        var value = Environment.GetEnvironmentVariable("PIXELFLOW_UPDATE_GOLDEN");
        if (string.IsNullOrEmpty(value) || value == "0")
            return null;
        if (value != "1")
            return value;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PixelFlow.sln")))
                return Path.Combine(dir.FullName, "tests", "PixelFlow.Imaging.Tests", "TestData", "Imaging", "golden");
        }

        throw new InvalidOperationException("PIXELFLOW_UPDATE_GOLDEN=1 but no PixelFlow.sln above the test binaries; pass the golden directory instead");
    }
}
