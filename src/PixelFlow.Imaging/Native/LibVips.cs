using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// Raw P/Invoke declarations over libvips' C API. Only non-varargs functions are bound: operations are called
/// through the generic operation API (<see cref="VipsOperation"/>), never through the varargs convenience
/// functions, which P/Invoke cannot call portably.
/// </summary>
/// <remarks>
/// The three library names are logical: <see cref="VipsLibrary"/> resolves them to the configured libvips build
/// and to GLib/GObject (from that same build when it exports them, as sharp's libvips-cpp does).
/// </remarks>
internal static unsafe partial class LibVips
{
    internal const string Vips = "pixelflow-libvips";
    internal const string GObject = "pixelflow-libgobject";
    internal const string GLib = "pixelflow-libglib";

    // ---- lifecycle, configuration, diagnostics
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    [LibraryImport(Vips)] internal static partial void vips_shutdown();
    [LibraryImport(Vips)] internal static partial void vips_thread_shutdown();
    [LibraryImport(Vips)] internal static partial void vips_cache_set_max(int max);
    [LibraryImport(Vips)] internal static partial void vips_concurrency_set(int concurrency);
    [LibraryImport(Vips)] internal static partial int vips_concurrency_get();
    [LibraryImport(Vips)] internal static partial void vips_leak_set(int leak);
    [LibraryImport(Vips)] internal static partial void vips_block_untrusted_set(int state);
    [LibraryImport(Vips)] internal static partial nuint vips_tracked_get_mem();
    [LibraryImport(Vips)] internal static partial nuint vips_tracked_get_mem_highwater();
    [LibraryImport(Vips)] internal static partial int vips_tracked_get_allocs();
    [LibraryImport(Vips)] internal static partial int vips_version(int flag);
    [LibraryImport(Vips)] internal static partial IntPtr vips_object_map(delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> fn, IntPtr a, IntPtr b);

    // ---- errors (the buffer is process-wide: read it right after a failing call, trust return codes)
    [LibraryImport(Vips)] internal static partial IntPtr vips_error_buffer_copy();
    [LibraryImport(Vips)] internal static partial void vips_error_clear();

    // ---- generic operation API
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr vips_operation_new(string name);

    [LibraryImport(Vips)] internal static partial IntPtr vips_cache_operation_build(IntPtr operation);
    [LibraryImport(Vips)] internal static partial void vips_object_unref_outputs(IntPtr operation);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_object_get_argument(IntPtr obj, string name, out IntPtr pspec, out IntPtr argumentClass, out IntPtr argumentInstance);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_enum_from_nick(string domain, nuint type, string nick);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_flags_from_nick(string domain, nuint type, string nick);

    [LibraryImport(Vips)] internal static partial IntPtr vips_enum_nick(nuint type, int value);

    // ---- boxed values
    [LibraryImport(Vips)] internal static partial IntPtr vips_blob_copy(void* data, nuint length);
    [LibraryImport(Vips)] internal static partial IntPtr vips_blob_new(IntPtr freeFn, void* data, nuint length);
    [LibraryImport(Vips)] internal static partial void* vips_blob_get(IntPtr blob, out nuint length);
    [LibraryImport(Vips)] internal static partial void vips_area_unref(IntPtr area);
    [LibraryImport(Vips)] internal static partial IntPtr vips_array_double_new(double* array, int n);
    [LibraryImport(Vips)] internal static partial IntPtr vips_array_int_new(int* array, int n);
    [LibraryImport(Vips)] internal static partial IntPtr vips_array_image_new(IntPtr* array, int n);
    [LibraryImport(Vips)] internal static partial double* vips_value_get_array_double(GValue* value, out int n);
    [LibraryImport(Vips)] internal static partial nuint vips_blob_get_type();
    [LibraryImport(Vips)] internal static partial nuint vips_array_double_get_type();
    [LibraryImport(Vips)] internal static partial nuint vips_array_int_get_type();
    [LibraryImport(Vips)] internal static partial nuint vips_array_image_get_type();
    [LibraryImport(Vips)] internal static partial nuint vips_image_get_type();

    // ---- images
    [LibraryImport(Vips)] internal static partial int vips_image_get_width(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_height(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_bands(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_xoffset(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_yoffset(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_format(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_interpretation(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_hasalpha(IntPtr image);
    [LibraryImport(Vips)] internal static partial void vips_image_set_kill(IntPtr image, int kill);
    [LibraryImport(Vips)] internal static partial int vips_image_get_n_pages(IntPtr image);
    [LibraryImport(Vips)] internal static partial int vips_image_get_page_height(IntPtr image);
    [LibraryImport(Vips)] internal static partial IntPtr vips_image_copy_memory(IntPtr image);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nuint vips_image_get_typeof(IntPtr image, string name);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_int(IntPtr image, string name, out int value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_string(IntPtr image, string name, out IntPtr value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_image_set_int(IntPtr image, string name, int value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_remove(IntPtr image, string name);

    [LibraryImport(Vips)] internal static partial IntPtr vips_image_get_fields(IntPtr image);

    /// <summary>Returns the loader's class name (e.g. VipsForeignLoadJpegBuffer), not its nickname.</summary>
    [LibraryImport(Vips)] internal static partial IntPtr vips_foreign_find_load_buffer(void* data, nuint size);

    [LibraryImport(Vips)] internal static partial IntPtr vips_nickname_find(nuint type);

    // ---- GObject / GLib
    [LibraryImport(GObject)] internal static partial void g_object_unref(IntPtr obj);
    [LibraryImport(GObject)] internal static partial IntPtr g_object_ref(IntPtr obj);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_set_property(IntPtr obj, string name, GValue* value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_get_property(IntPtr obj, string name, GValue* value);

    [LibraryImport(GObject)] internal static partial GValue* g_value_init(GValue* value, nuint type);
    [LibraryImport(GObject)] internal static partial void g_value_unset(GValue* value);
    [LibraryImport(GObject)] internal static partial void g_value_set_boolean(GValue* value, int v);
    [LibraryImport(GObject)] internal static partial void g_value_set_int(GValue* value, int v);
    [LibraryImport(GObject)] internal static partial void g_value_set_uint(GValue* value, uint v);
    [LibraryImport(GObject)] internal static partial void g_value_set_int64(GValue* value, long v);
    [LibraryImport(GObject)] internal static partial void g_value_set_uint64(GValue* value, ulong v);
    [LibraryImport(GObject)] internal static partial void g_value_set_double(GValue* value, double v);
    [LibraryImport(GObject)] internal static partial void g_value_set_float(GValue* value, float v);
    [LibraryImport(GObject)] internal static partial void g_value_set_enum(GValue* value, int v);
    [LibraryImport(GObject)] internal static partial void g_value_set_flags(GValue* value, uint v);
    [LibraryImport(GObject)] internal static partial void g_value_set_boxed(GValue* value, IntPtr boxed);
    [LibraryImport(GObject)] internal static partial void g_value_set_object(GValue* value, IntPtr obj);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_value_set_string(GValue* value, string v);

    [LibraryImport(GObject)] internal static partial int g_value_get_boolean(GValue* value);
    [LibraryImport(GObject)] internal static partial int g_value_get_int(GValue* value);
    [LibraryImport(GObject)] internal static partial double g_value_get_double(GValue* value);
    [LibraryImport(GObject)] internal static partial int g_value_get_enum(GValue* value);
    [LibraryImport(GObject)] internal static partial IntPtr g_value_get_string(GValue* value);
    [LibraryImport(GObject)] internal static partial IntPtr g_value_get_boxed(GValue* value);
    [LibraryImport(GObject)] internal static partial IntPtr g_value_dup_object(GValue* value);
    [LibraryImport(GObject)] internal static partial nuint g_type_fundamental(nuint type);
    [LibraryImport(GObject)] internal static partial IntPtr g_type_name(nuint type);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nuint g_type_from_name(string name);

    [LibraryImport(GLib)] internal static partial void g_free(IntPtr mem);
    [LibraryImport(GLib)] internal static partial void g_strfreev(IntPtr strv);
}

/// <summary>GLib's GValue: a GType followed by two 8-byte data words (24 bytes); zero it before g_value_init.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    internal nuint GType;
    internal long Data0;
    internal long Data1;
}

/// <summary>GLib fundamental type ids (G_TYPE_MAKE_FUNDAMENTAL(n) = n &lt;&lt; 2).</summary>
internal static class GTypes
{
    internal const nuint Boolean = 5 << 2;
    internal const nuint Int = 6 << 2;
    internal const nuint UInt = 7 << 2;
    internal const nuint Int64 = 10 << 2;
    internal const nuint UInt64 = 11 << 2;
    internal const nuint Enum = 12 << 2;
    internal const nuint Flags = 13 << 2;
    internal const nuint Float = 14 << 2;
    internal const nuint Double = 15 << 2;
    internal const nuint String = 16 << 2;
    internal const nuint Boxed = 18 << 2;
    internal const nuint Object = 20 << 2;
}
