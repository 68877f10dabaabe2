using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging;

/// <summary>One encoded output. <see cref="Data"/> lives in a pooled buffer: valid until <see cref="Dispose"/>.</summary>
public sealed class EncodedOutput : IDisposable
{
    private readonly PooledBuffer _buffer;

    internal EncodedOutput(string id, ImageFormat format, int width, int height, int frames, PooledBuffer buffer)
    {
        Id = id;
        Format = format.Name;
        FileExtension = format.Extension;
        ContentType = format.ContentType;
        Width = width;
        Height = height;
        Frames = frames;
        _buffer = buffer;
    }

    public string Id { get; }

    /// <summary>The format actually written (<c>auto</c> resolved), e.g. <c>webp</c>.</summary>
    public string Format { get; }

    /// <summary>Without the dot, e.g. <c>jpg</c>.</summary>
    public string FileExtension { get; }

    public string ContentType { get; }
    public int Width { get; }

    /// <summary>Height of one frame.</summary>
    public int Height { get; }

    public int Frames { get; }

    public ReadOnlyMemory<byte> Data => _buffer.Memory;

    public void Dispose() => _buffer.Dispose();
}
