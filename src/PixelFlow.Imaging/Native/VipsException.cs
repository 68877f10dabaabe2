namespace PixelFlow.Imaging.Native;

/// <summary>
/// A libvips call failed. <see cref="Exception.Message"/> carries libvips' error text, captured right after the
/// failing call; the error buffer is process-wide, so under concurrency the text is best-effort while the failure
/// itself (the return code) is certain.
/// </summary>
public sealed class VipsException : Exception
{
    public VipsException(string message) : base(message) { }

    public VipsException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The operation that failed (e.g. <c>jpegload_buffer</c>), when known.</summary>
    public string? Operation { get; init; }

    /// <summary>Builds an exception from <paramref name="context"/> and the pending libvips error text, clearing it.</summary>
    internal static VipsException FromLastError(string context, string? operation = null)
    {
        var detail = VipsLibrary.TakeError();
        return new VipsException(string.IsNullOrEmpty(detail) ? context : $"{context}: {detail}") { Operation = operation };
    }
}
