namespace PixelFlow.Imaging;

/// <summary>A file format the engine reads or writes.</summary>
internal sealed record ImageFormat(string Name, string Extension, string ContentType, bool CanAnimate)
{
    public static readonly ImageFormat Jpeg = new("jpeg", "jpg", "image/jpeg", false);
    public static readonly ImageFormat Png = new("png", "png", "image/png", false);
    public static readonly ImageFormat Webp = new("webp", "webp", "image/webp", true);
    public static readonly ImageFormat Avif = new("avif", "avif", "image/avif", false);
    public static readonly ImageFormat Gif = new("gif", "gif", "image/gif", true);
    public static readonly ImageFormat Tiff = new("tiff", "tiff", "image/tiff", false);
    public static readonly ImageFormat Heic = new("heic", "heic", "image/heic", false);

    public static ImageFormat? FromName(string name) => name switch
    {
        "jpeg" or "jpg" => Jpeg,
        "png" => Png,
        "webp" => Webp,
        "avif" => Avif,
        "gif" => Gif,
        "tiff" or "tif" => Tiff,
        "heic" or "heif" => Heic,
        _ => null,
    };
}
