using PixelFlow.Contracts.V1;

namespace PixelFlow.Worker.Rendering;

/// <summary>
/// Runs on the render thread right before a job's source is decoded. Production registers none; tests register one
/// that never returns, to stand for a decoder stuck in native code (see <see cref="RenderGuard"/>).
/// </summary>
public interface IDecodeHook
{
    void BeforeDecode(ProcessJob job);
}
