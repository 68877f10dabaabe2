using System.Buffers;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging;

/// <summary>
/// The encoded bytes behind a decode that was not materialised: libvips reads them in place while the output
/// renders, so they stay pinned until the <see cref="DecodedSource"/> is disposed.
/// </summary>
internal sealed class StreamedSource(MemoryHandle pin, VipsPinnedBlob blob) : IDisposable
{
    public VipsPinnedBlob Blob { get; } = blob;

    /// <summary>Set once its one output has been rendered: a sequential decode cannot be read twice.</summary>
    public bool Consumed { get; set; }

    public void Dispose() => pin.Dispose();
}
