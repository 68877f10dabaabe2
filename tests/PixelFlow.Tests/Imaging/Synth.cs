using PixelFlow.Imaging.Native;

namespace PixelFlow.Tests.Imaging;

/// <summary>Sources crafted in the test with the binding (orientations, CMYK, animations, hostile files).</summary>
internal static class Synth
{
    public static VipsImage Decode(byte[] bytes) => Imaging.Load(bytes);

    /// <summary>A frame of solid colour with a white marker square whose position depends on <paramref name="index"/>.</summary>
    public static VipsImage Frame(int width, int height, int index)
    {
        using var black = VipsOperation.Image("black", ("width", width), ("height", height), ("bands", 3));
        using var coloured = black.Linear([1, 1, 1], [(index * 37) % 256, (index * 91) % 256, 200]);
        using var marker = VipsOperation.Image("black", ("width", 8), ("height", 8), ("bands", 3));
        using var white = marker.Linear([1, 1, 1], [255, 255, 255]);
        using var placed = coloured.Call("insert", "main", ("sub", white), ("x", (index * 8) % (width - 8)), ("y", 4));
        return placed.Copy(("interpretation", "srgb"));
    }

    /// <summary>An animated GIF or WebP with <paramref name="frames"/> frames.</summary>
    public static byte[] Animation(string saver, int frames, int width = 64, int height = 48)
    {
        var parts = Enumerable.Range(0, frames).Select(i => Frame(width, height, i)).ToArray();
        try
        {
            using var strip = VipsOperation.Image("arrayjoin", ("in", parts), ("across", 1));
            using var animated = strip.Copy();
            animated.SetInt("page-height", height);
            animated.SetInt("gif-delay", 5);
            using var buffer = animated.SaveToBuffer(saver);
            return buffer.ToArray();
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public static byte[] Jpeg(VipsImage image, int orientation = 0, bool strip = true)
    {
        using var copy = image.Copy();
        if (orientation > 0)
            copy.SetInt("orientation", orientation);
        using var buffer = copy.SaveToBuffer("jpegsave_buffer", ("Q", 95), ("strip", strip && orientation == 0));
        return buffer.ToArray();
    }
}
