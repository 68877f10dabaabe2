using NetVips;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// Animated images are a vertical strip of equal frames (<c>page-height</c>). Geometric steps must run per
/// frame, or a flip would reverse the frame order and a crop would cut across frames.
/// </summary>
internal static class Frames
{
    /// <summary>Applies <paramref name="perFrame"/> to every frame and reassembles the strip.</summary>
    public static Image Map(Image image, Func<Image, Image> perFrame)
    {
        var pages = image.Pages();
        if (pages <= 1)
            return perFrame(image);

        var pageHeight = image.PageHeight;
        var results = new Image[pages];
        try
        {
            for (var i = 0; i < pages; i++)
            {
                using var frame = image.ExtractArea(0, i * pageHeight, image.Width, pageHeight);
                results[i] = perFrame(frame);
            }

            return Join(results);
        }
        finally
        {
            foreach (var r in results)
                r?.Dispose();
        }
    }

    /// <summary>Stacks frames vertically and records the frame height.</summary>
    public static Image Join(Image[] frames)
    {
        using var joined = Image.Arrayjoin(frames, across: 1);
        return joined.WithPageHeight(frames[0].Height);
    }

    /// <summary>The first frame only (for formats that cannot animate).</summary>
    public static Image First(Image image)
    {
        if (image.Pages() <= 1)
            return image.Share();
        using var first = image.ExtractArea(0, 0, image.Width, image.PageHeight);
        return first.WithPageHeight(first.Height);
    }
}
