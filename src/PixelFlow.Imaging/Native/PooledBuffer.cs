using System.Buffers;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>: encoded outputs reuse arrays instead of
/// allocating a fresh large-object-heap array per image, which grew RSS steadily under load.
/// Valid until disposed; dispose once.
/// </summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    private PooledBuffer(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public static PooledBuffer Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    public Memory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(PooledBuffer)), 0, Length);

    public Span<byte> Span => Memory.Span;

    public byte[] ToArray() => Memory.ToArray();

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
            ArrayPool<byte>.Shared.Return(array);
    }
}
