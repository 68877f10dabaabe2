using System.Buffers;

namespace PixelFlow.Imaging.Native;

/// <summary>
/// Bytes in arrays rented from <see cref="ArrayPool{T}.Shared"/>: encoded outputs reuse arrays instead of
/// allocating a fresh large-object-heap array per image, which grew RSS steadily under load. Grows by appending
/// (an encoder writes its output in chunks). Valid until disposed; dispose once.
/// </summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    private PooledBuffer(byte[] array) => _array = array;

    public int Length { get; private set; }

    public static PooledBuffer WithCapacity(int capacity) => new(ArrayPool<byte>.Shared.Rent(capacity));

    public Memory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(PooledBuffer)), 0, Length);

    public Span<byte> Span => Memory.Span;

    public byte[] ToArray() => Memory.ToArray();

    public void Append(ReadOnlySpan<byte> bytes) => WriteAt(Length, bytes);

    /// <summary>Writes at <paramref name="position"/> (an encoder may seek back to rewrite a header), growing as needed.</summary>
    public void WriteAt(int position, ReadOnlySpan<byte> bytes)
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));
        var end = checked(position + bytes.Length);
        if (end > array.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, end));
            array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(array);
            _array = array = larger;
        }

        // A rented array holds stale bytes: a write past the end leaves zeros in the gap, as a file would.
        if (position > Length)
            array.AsSpan(Length, position - Length).Clear();
        bytes.CopyTo(array.AsSpan(position));
        Length = Math.Max(Length, end);
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
            ArrayPool<byte>.Shared.Return(array);
    }
}
