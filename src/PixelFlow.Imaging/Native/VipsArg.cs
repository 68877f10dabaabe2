namespace PixelFlow.Imaging.Native;

/// <summary>
/// One named input of a libvips operation. The value is converted to the argument's declared GType:
/// <c>int</c>, <c>double</c>, <c>bool</c>, <c>string</c> (also enum and flag nicks, <c>"a|b"</c> for flags),
/// <see cref="VipsImage"/>, <c>VipsImage[]</c>, <c>double[]</c>, <c>int[]</c>, <c>byte[]</c>,
/// <c>ReadOnlyMemory&lt;byte&gt;</c> (copied) or <see cref="VipsPinnedBlob"/> (not copied).
/// </summary>
public readonly record struct VipsArg(string Name, object? Value)
{
    public static implicit operator VipsArg((string Name, object? Value) tuple) => new(tuple.Name, tuple.Value);
}

/// <summary>
/// Bytes handed to libvips without a copy. The caller keeps the memory pinned (and alive) for as long as any
/// image made from it may be read.
/// </summary>
public readonly unsafe record struct VipsPinnedBlob(IntPtr Pointer, int Length)
{
    public static VipsPinnedBlob From(System.Buffers.MemoryHandle pinned, int length) => new((IntPtr)pinned.Pointer, length);
}
