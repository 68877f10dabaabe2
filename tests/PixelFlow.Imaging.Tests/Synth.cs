using NetVips;
using PixelFlow.Imaging.Encoders;

namespace PixelFlow.Tests.Imaging;

/// <summary>Sources crafted in the test with NetVips (orientations, CMYK, animations, hostile files).</summary>
internal static class Synth
{
    public static Image Decode(byte[] bytes) => Imaging.Load(bytes);

    /// <summary>A frame of solid colour with a white marker square whose position depends on <paramref name="index"/>.</summary>
    public static Image Frame(int width, int height, int index)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var coloured = black.Linear([1, 1, 1], [(index * 37) % 256, (index * 91) % 256, 200], uchar: true);
        using var marker = Image.Black(8, 8, bands: 3);
        using var white = marker.Linear([1, 1, 1], [255, 255, 255], uchar: true);
        using var placed = coloured.Insert(white, (index * 8) % (width - 8), 4);
        return placed.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>An animated GIF or WebP with <paramref name="frames"/> frames.</summary>
    public static byte[] Animation(string saver, int frames, int width = 64, int height = 48)
    {
        var parts = Enumerable.Range(0, frames).Select(i => Frame(width, height, i)).ToArray();
        try
        {
            using var strip = Image.Arrayjoin(parts, across: 1);
            using var animated = strip.Mutate(m =>
            {
                m.Set(GValue.GIntType, "page-height", height);
                m.Set(GValue.GIntType, "gif-delay", 5);
            });
            return Imaging.Save(animated, saver);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public static byte[] Jpeg(Image image, int orientation = 0, bool strip = true)
    {
        using var copy = orientation > 0 ? image.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation)) : image.Copy();
        return Imaging.Save(copy, "jpegsave_buffer", SaveOptions.StripMetadata(new VOption { { "Q", 95 } }, strip && orientation == 0));
    }
}
