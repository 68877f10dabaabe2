using System.Buffers;
using System.Runtime.InteropServices;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// Calls any libvips operation by name through the generic operation API: <c>vips_operation_new</c>, one
/// <c>g_object_set_property</c> per input, <c>vips_cache_operation_build</c>, then outputs read from the built
/// operation. Argument names are validated against the operation (libvips itself would only print a GLib warning
/// and fail later with "parameter not set"). Safe to use from several threads at once.
/// </summary>
public static unsafe class VipsOperation
{
    // VipsArgumentFlags
    private const int FlagInput = 16;
    private const int FlagOutput = 32;

    /// <summary>Runs <paramref name="name"/> and returns its <c>out</c> image.</summary>
    public static VipsImage Image(string name, params ReadOnlySpan<VipsArg> inputs)
    {
        using var result = Run(name, inputs);
        return result.GetImage("out");
    }

    /// <summary>Runs <paramref name="name"/>; read its outputs from the result, then dispose it.</summary>
    public static VipsOperationResult Run(string name, params ReadOnlySpan<VipsArg> inputs)
    {
        VipsLibrary.EnsureInitialised();
        var op = LibVips.vips_operation_new(name);
        if (op == IntPtr.Zero)
            throw VipsException.FromLastError($"unknown libvips operation '{name}'", name);

        try
        {
            foreach (var input in inputs)
            {
                if (input.Value is not null)
                    Set(op, name, input.Name, input.Value);
            }
        }
        catch
        {
            LibVips.g_object_unref(op);
            throw;
        }

        var built = LibVips.vips_cache_operation_build(op);
        if (built == IntPtr.Zero)
        {
            var error = VipsException.FromLastError($"{name} failed", name);
            LibVips.vips_object_unref_outputs(op);
            LibVips.g_object_unref(op);
            throw error;
        }

        LibVips.g_object_unref(op);
        return new VipsOperationResult(built, name);
    }

    /// <summary>Whether operation <paramref name="operation"/> has an argument <paramref name="argument"/> in this libvips build.</summary>
    public static bool HasArgument(string operation, string argument)
    {
        VipsLibrary.EnsureInitialised();
        var op = LibVips.vips_operation_new(operation);
        if (op == IntPtr.Zero)
        {
            LibVips.vips_error_clear();
            return false;
        }

        try
        {
            if (LibVips.vips_object_get_argument(op, argument, out _, out _, out _) == 0)
                return true;
            LibVips.vips_error_clear();
            return false;
        }
        finally { LibVips.g_object_unref(op); }
    }

    internal static (nuint Type, int Flags) Describe(IntPtr op, string operation, string argument)
    {
        if (LibVips.vips_object_get_argument(op, argument, out var pspec, out var argClass, out _) != 0)
        {
            LibVips.vips_error_clear();
            throw new VipsException($"libvips operation '{operation}' has no argument '{argument}'") { Operation = operation };
        }

        // GParamSpec.value_type is at offset 24; VipsArgumentClass.flags follows {pspec, object_class} at 16.
        return (*(nuint*)(pspec + 24), *(int*)(argClass + 16));
    }

    private static void Set(IntPtr op, string operation, string argument, object value)
    {
        var (type, flags) = Describe(op, operation, argument);
        if ((flags & FlagInput) == 0)
            throw new VipsException($"'{argument}' is not an input of '{operation}'") { Operation = operation };

        GValue gv = default;
        LibVips.g_value_init(&gv, type);
        try
        {
            SetValue(&gv, type, value, operation, argument);
            LibVips.g_object_set_property(op, argument, &gv);
        }
        finally
        {
            LibVips.g_value_unset(&gv);
        }
    }

    private static void SetValue(GValue* gv, nuint type, object value, string operation, string argument)
    {
        var fundamental = LibVips.g_type_fundamental(type);
        switch (fundamental)
        {
            case GTypes.Boolean: LibVips.g_value_set_boolean(gv, Convert.ToBoolean(value) ? 1 : 0); return;
            case GTypes.Int: LibVips.g_value_set_int(gv, Convert.ToInt32(value)); return;
            case GTypes.UInt: LibVips.g_value_set_uint(gv, Convert.ToUInt32(value)); return;
            case GTypes.Int64: LibVips.g_value_set_int64(gv, Convert.ToInt64(value)); return;
            case GTypes.UInt64: LibVips.g_value_set_uint64(gv, Convert.ToUInt64(value)); return;
            case GTypes.Double: LibVips.g_value_set_double(gv, Convert.ToDouble(value)); return;
            case GTypes.Float: LibVips.g_value_set_float(gv, Convert.ToSingle(value)); return;
            case GTypes.String: LibVips.g_value_set_string(gv, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!); return;
            case GTypes.Enum: LibVips.g_value_set_enum(gv, EnumValue(type, value, operation, argument)); return;
            case GTypes.Flags: LibVips.g_value_set_flags(gv, (uint)FlagsValue(type, value, operation, argument)); return;
            case GTypes.Object when value is VipsImage image:
                {
                    var added = false;
                    image.DangerousAddRef(ref added);
                    try { LibVips.g_value_set_object(gv, image.DangerousGetHandle()); }
                    finally { if (added) image.DangerousRelease(); }
                    return;
                }
            case GTypes.Boxed:
                var boxed = NewBoxed(type, value, operation, argument);
                LibVips.g_value_set_boxed(gv, boxed);
                LibVips.vips_area_unref(boxed);
                return;
        }

        throw new VipsException($"{operation}.{argument}: cannot pass a {value.GetType().Name} as {Marshal.PtrToStringUTF8(LibVips.g_type_name(type))}") { Operation = operation };
    }

    private static int EnumValue(nuint type, object value, string operation, string argument)
    {
        if (value is not string nick)
            return Convert.ToInt32(value);
        var result = LibVips.vips_enum_from_nick(operation, type, nick);
        if (result < 0)
            throw VipsException.FromLastError($"{operation}.{argument}: '{nick}' is not a valid value", operation);
        return result;
    }

    // libvips 8.14's vips_flags_from_nick parses a single nick: OR the parts ourselves.
    private static int FlagsValue(nuint type, object value, string operation, string argument)
    {
        if (value is not string nicks)
            return Convert.ToInt32(value);
        var result = 0;
        foreach (var nick in nicks.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var part = LibVips.vips_flags_from_nick(operation, type, nick);
            if (part < 0)
                throw VipsException.FromLastError($"{operation}.{argument}: '{nick}' is not a valid flag", operation);
            result |= part;
        }

        return result;
    }

    private static IntPtr NewBoxed(nuint type, object value, string operation, string argument)
    {
        if (type == BoxedTypes.ArrayDouble)
        {
            double[] values = value switch
            {
                double[] d => d,
                int[] i => Array.ConvertAll(i, x => (double)x),
                _ => [Convert.ToDouble(value)],
            };
            fixed (double* p = values)
                return LibVips.vips_array_double_new(p, values.Length);
        }

        if (type == BoxedTypes.ArrayInt)
        {
            int[] values = value is int[] i ? i : [Convert.ToInt32(value)];
            fixed (int* p = values)
                return LibVips.vips_array_int_new(p, values.Length);
        }

        if (type == BoxedTypes.ArrayImage && value is VipsImage[] images)
        {
            // vips_array_image_new takes its own reference on each image.
            var handles = new IntPtr[images.Length];
            for (var i = 0; i < images.Length; i++)
                handles[i] = images[i].DangerousGetHandle();
            fixed (IntPtr* p = handles)
            {
                var array = LibVips.vips_array_image_new(p, handles.Length);
                GC.KeepAlive(images);
                return array;
            }
        }

        if (type == BoxedTypes.Blob)
        {
            switch (value)
            {
                case VipsPinnedBlob pinned:
                    return LibVips.vips_blob_new(IntPtr.Zero, (void*)pinned.Pointer, (nuint)pinned.Length);
                case byte[] bytes:
                    fixed (byte* p = bytes)
                        return LibVips.vips_blob_copy(p, (nuint)bytes.Length);
                case ReadOnlyMemory<byte> memory:
                    fixed (byte* p = memory.Span)
                        return LibVips.vips_blob_copy(p, (nuint)memory.Length);
            }
        }

        throw new VipsException($"{operation}.{argument}: cannot pass a {value.GetType().Name} as {Marshal.PtrToStringUTF8(LibVips.g_type_name(type))}") { Operation = operation };
    }

    internal static class BoxedTypes
    {
        internal static readonly nuint ArrayDouble = LibVips.vips_array_double_get_type();
        internal static readonly nuint ArrayInt = LibVips.vips_array_int_get_type();
        internal static readonly nuint ArrayImage = LibVips.vips_array_image_get_type();
        internal static readonly nuint Blob = LibVips.vips_blob_get_type();
    }
}

/// <summary>A built operation whose outputs can be read; disposing releases it and any outputs not taken.</summary>
public sealed unsafe class VipsOperationResult : SafeHandle
{
    private readonly string _operation;

    internal VipsOperationResult(IntPtr op, string operation) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(op);
        _operation = operation;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>An image output (a new reference, owned by the returned handle).</summary>
    public VipsImage GetImage(string name = "out") =>
        Get(name, gv => new VipsImage(LibVips.g_value_dup_object(gv)));

    public int GetInt(string name) => Get(name, gv => LibVips.g_value_get_int(gv));

    public double GetDouble(string name) => Get(name, gv => LibVips.g_value_get_double(gv));

    public double[] GetDoubles(string name) => Get(name, gv =>
    {
        var p = LibVips.vips_value_get_array_double(gv, out var n);
        return new ReadOnlySpan<double>(p, n).ToArray();
    });

    public bool GetBool(string name) => Get(name, gv => LibVips.g_value_get_boolean(gv) != 0);

    /// <summary>A byte output (e.g. a saver's <c>buffer</c>) copied into a pooled buffer the caller disposes.</summary>
    public PooledBuffer GetBlob(string name = "buffer") => Get(name, gv =>
    {
        var blob = LibVips.g_value_get_boxed(gv);
        var data = LibVips.vips_blob_get(blob, out var length);
        var buffer = PooledBuffer.Rent(checked((int)length));
        new ReadOnlySpan<byte>(data, (int)length).CopyTo(buffer.Span);
        return buffer;
    });

    private T Get<T>(string name, GetValue<T> read)
    {
        var (type, flags) = VipsOperation.Describe(handle, _operation, name);
        if ((flags & 32) == 0)
            throw new VipsException($"'{name}' is not an output of '{_operation}'") { Operation = _operation };

        GValue gv = default;
        LibVips.g_value_init(&gv, type);
        try
        {
            LibVips.g_object_get_property(handle, name, &gv);
            return read(&gv);
        }
        finally
        {
            LibVips.g_value_unset(&gv);
        }
    }

    private delegate T GetValue<out T>(GValue* value);

    protected override bool ReleaseHandle()
    {
        LibVips.vips_object_unref_outputs(handle);
        LibVips.g_object_unref(handle);
        return true;
    }
}
