using NetVips;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging.Encoders;

/// <summary>
/// A libvips target that writes into a <see cref="PooledBuffer"/>. It can seek and read back too: the TIFF saver
/// rewrites its header once the image is written.
/// </summary>
internal sealed class PooledTarget : IDisposable
{
    /// <summary>Most thumbnails fit without growing; a 1600 px photo grows it two or three times.</summary>
    private const int InitialCapacity = 64 * 1024;

    private readonly TargetCustom _target = new();
    private PooledBuffer? _buffer = PooledBuffer.WithCapacity(InitialCapacity);
    private int _position;

    public PooledTarget()
    {
        _target.OnWrite += (bytes, length) =>
        {
            Buffer.WriteAt(_position, bytes.AsSpan(0, length));
            _position += length;
            return length;
        };
        _target.OnRead += (bytes, length) =>
        {
            var count = Math.Clamp(Buffer.Length - _position, 0, length);
            Buffer.Span.Slice(_position, count).CopyTo(bytes);
            _position += count;
            return count;
        };
        _target.OnSeek += (offset, origin) =>
        {
            var position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => Buffer.Length + offset,
            };
            if (position is < 0 or > int.MaxValue)
                return -1;
            _position = (int)position;
            return _position;
        };
    }

    public Target Target => _target;

    private PooledBuffer Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledTarget));

    /// <summary>The bytes written; the caller owns (and disposes) them from now on.</summary>
    public PooledBuffer TakeBuffer()
    {
        var buffer = Buffer;
        _buffer = null;
        return buffer;
    }

    public void Dispose()
    {
        _target.Dispose();
        _buffer?.Dispose();
    }
}
