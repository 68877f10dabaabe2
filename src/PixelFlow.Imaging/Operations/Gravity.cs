namespace PixelFlow.Imaging.Operations;

/// <summary>Compass placement of a box inside a frame.</summary>
internal static class Gravity
{
    /// <summary>Smart (attention) or entropy: the box goes where libvips finds interest, which reads the whole frame.</summary>
    public static bool IsContentAware(string? gravity) => gravity is Gravities.Smart or Gravities.Entropy;

    /// <summary>Top-left corner of an <paramref name="width"/>×<paramref name="height"/> box placed at <paramref name="gravity"/>, <paramref name="margin"/> from the edges.</summary>
    public static (int Left, int Top) Place(int frameWidth, int frameHeight, int width, int height, string? gravity, int margin)
    {
        var g = gravity ?? Gravities.Center;
        var left = g.EndsWith("west", StringComparison.Ordinal) ? margin
            : g.EndsWith("east", StringComparison.Ordinal) ? frameWidth - width - margin
            : (frameWidth - width) / 2;
        var top = g.StartsWith("north", StringComparison.Ordinal) ? margin
            : g.StartsWith("south", StringComparison.Ordinal) ? frameHeight - height - margin
            : (frameHeight - height) / 2;
        return (left, top);
    }
}
