using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// An owned reference to a libvips image. Images are immutable: every operation returns a new one, which the
/// caller disposes. Typed helpers below are one-line calls through <see cref="VipsOperation"/>; anything else is
/// reachable with <see cref="Call"/>.
/// </summary>
public sealed class VipsImage : SafeHandle
{
    internal VipsImage(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        if (handle == IntPtr.Zero)
            throw VipsException.FromLastError("libvips returned no image");
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibVips.g_object_unref(handle);
        return true;
    }

    // ---- header
    public int Width => LibVips.vips_image_get_width(Ptr);
    public int Height => LibVips.vips_image_get_height(Ptr);
    public int Bands => LibVips.vips_image_get_bands(Ptr);
    public int XOffset => LibVips.vips_image_get_xoffset(Ptr);
    public int YOffset => LibVips.vips_image_get_yoffset(Ptr);
    public bool HasAlpha => LibVips.vips_image_hasalpha(Ptr) != 0;

    /// <summary>Frames stacked vertically in this image (1 for a still).</summary>
    public int Pages => PageHeight == Height ? 1 : Height / PageHeight;

    /// <summary>Height of one frame; the full height when the image is not a valid multi-page strip.</summary>
    public int PageHeight => LibVips.vips_image_get_page_height(Ptr);

    /// <summary>Pages the file holds (header <c>n-pages</c>), whether or not they were loaded.</summary>
    public int FilePages => LibVips.vips_image_get_n_pages(Ptr);

    /// <summary>EXIF orientation 1–8 (1 when absent).</summary>
    public int Orientation => TryGetInt("orientation", out var o) && o is >= 1 and <= 8 ? o : 1;

    /// <summary>Interpretation nick, e.g. srgb, cmyk, b-w, rgb16.</summary>
    public string Interpretation => EnumNick("VipsInterpretation", LibVips.vips_image_get_interpretation(Ptr));

    /// <summary>Band format nick, e.g. uchar, ushort, float.</summary>
    public string BandFormat => EnumNick("VipsBandFormat", LibVips.vips_image_get_format(Ptr));

    public bool Has(string field) => LibVips.vips_image_get_typeof(Ptr, field) != 0;

    public bool TryGetInt(string field, out int value)
    {
        value = 0;
        if (LibVips.vips_image_get_typeof(Ptr, field) == 0)
            return false;
        if (LibVips.vips_image_get_int(Ptr, field, out value) == 0)
            return true;
        LibVips.vips_error_clear();
        return false;
    }

    public string? GetString(string field)
    {
        if (LibVips.vips_image_get_typeof(Ptr, field) == 0 || LibVips.vips_image_get_string(Ptr, field, out var p) != 0)
        {
            LibVips.vips_error_clear();
            return null;
        }

        return Marshal.PtrToStringUTF8(p);
    }

    /// <summary>Sets an int field. Only on an image this code owns alone (fresh from an operation), never a shared one.</summary>
    public void SetInt(string field, int value) => LibVips.vips_image_set_int(Ptr, field, value);

    public bool Remove(string field) => LibVips.vips_image_remove(Ptr, field) != 0;

    /// <summary>Names of all header and metadata fields.</summary>
    public IReadOnlyList<string> Fields()
    {
        var strv = LibVips.vips_image_get_fields(Ptr);
        var names = new List<string>();
        for (var p = strv; Marshal.ReadIntPtr(p) != IntPtr.Zero; p += IntPtr.Size)
            names.Add(Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(p))!);
        LibVips.g_strfreev(strv);
        return names;
    }

    // ---- operations
    /// <summary>Runs <paramref name="operation"/> with this image as <paramref name="inputName"/> and returns its <c>out</c>.</summary>
    public VipsImage Call(string operation, string inputName, params ReadOnlySpan<VipsArg> args)
    {
        Span<VipsArg> all = new VipsArg[args.Length + 1];
        all[0] = new VipsArg(inputName, this);
        args.CopyTo(all[1..]);
        return VipsOperation.Image(operation, all);
    }

    /// <summary>Runs <paramref name="operation"/> with this image as <c>in</c>.</summary>
    public VipsImage Call(string operation, params ReadOnlySpan<VipsArg> args) => Call(operation, "in", args);

    /// <summary>Renders the whole (lazy) pipeline into memory once, so it can be read many times, in any order.</summary>
    public VipsImage CopyMemory()
    {
        var p = LibVips.vips_image_copy_memory(Ptr);
        if (p == IntPtr.Zero)
            throw VipsException.FromLastError("copy_memory failed", "copy_memory");
        return new VipsImage(p);
    }

    /// <summary>
    /// Asks libvips to stop computing this image: every pixel request to it (from any operation downstream, the
    /// encoders included) fails from now on. Safe from any thread.
    /// </summary>
    public void Kill() => LibVips.vips_image_set_kill(Ptr, 1);

    /// <summary>Another owned reference to the same image.</summary>
    public VipsImage Ref() => new(LibVips.g_object_ref(Ptr));

    /// <summary>A shallow copy with its own header, safe to modify (e.g. <c>page-height</c>).</summary>
    public VipsImage Copy(params ReadOnlySpan<VipsArg> args) => Call("copy", args);

    public VipsImage ExtractArea(int left, int top, int width, int height) =>
        Call("extract_area", "input", ("left", left), ("top", top), ("width", width), ("height", height));

    public VipsImage Resize(double scale, double? vscale = null) =>
        Call("resize", ("scale", scale), ("vscale", vscale));

    public VipsImage Embed(int x, int y, int width, int height, double[]? background = null, string extend = "background") =>
        Call("embed", ("x", x), ("y", y), ("width", width), ("height", height), ("extend", extend), ("background", background));

    public VipsImage Flatten(double[] background) => Call("flatten", ("background", background));

    public VipsImage Colourspace(string space) => Call("colourspace", ("space", space));

    public VipsImage Cast(string format) => Call("cast", ("format", format));

    public VipsImage Autorotate() => Call("autorot");

    public VipsImage Flip(string direction) => Call("flip", ("direction", direction));

    public VipsImage Composite2(VipsImage overlay, string mode = "over", int x = 0, int y = 0) =>
        Call("composite2", "base", ("overlay", overlay), ("mode", mode), ("x", x), ("y", y));

    public VipsImage ExtractBand(int band, int n = 1) => Call("extract_band", ("band", band), ("n", n));

    public VipsImage BandJoin(VipsImage other) => VipsOperation.Image("bandjoin", ("in", new[] { this, other }));

    public VipsImage Linear(double[] a, double[] b) => Call("linear", ("a", a), ("b", b), ("uchar", true));

    /// <summary>Encodes with a <c>*save_buffer</c> operation into a pooled buffer.</summary>
    public PooledBuffer SaveToBuffer(string saver, params ReadOnlySpan<VipsArg> args)
    {
        Span<VipsArg> all = new VipsArg[args.Length + 1];
        all[0] = new VipsArg("in", this);
        args.CopyTo(all[1..]);
        using var result = VipsOperation.Run(saver, all);
        return result.GetBlob("buffer");
    }

    /// <summary>Band values of one pixel.</summary>
    public double[] GetPoint(int x, int y)
    {
        using var result = VipsOperation.Run("getpoint", ("in", this), ("x", x), ("y", y));
        return result.GetDoubles("out_array");
    }

    /// <summary>Statistic of all pixels, e.g. the mean (<c>avg</c>).</summary>
    public double Average()
    {
        using var result = VipsOperation.Run("avg", ("in", this));
        return result.GetDouble("out");
    }

    private IntPtr Ptr => IsClosed ? throw new ObjectDisposedException(nameof(VipsImage)) : handle;

    private static readonly Dictionary<(string, int), string> Nicks = new();

    private static string EnumNick(string typeName, int value)
    {
        lock (Nicks)
        {
            if (Nicks.TryGetValue((typeName, value), out var nick))
                return nick;
            var type = LibVips.g_type_from_name(typeName);
            nick = type == 0 ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Marshal.PtrToStringUTF8(LibVips.vips_enum_nick(type, value)) ?? "";
            Nicks[(typeName, value)] = nick;
            return nick;
        }
    }
}
