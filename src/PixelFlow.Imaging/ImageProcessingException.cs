using PixelFlow.Contracts.V1;

namespace PixelFlow.Imaging;

/// <summary>A source or output could not be processed; <see cref="Code"/> is a <see cref="JobErrorCodes"/> constant.</summary>
public sealed class ImageProcessingException : Exception
{
    public ImageProcessingException(string code, string message, Exception? inner = null) : base(message, inner)
    {
        Code = code;
    }

    /// <summary>A <see cref="JobErrorCodes"/> constant, stable across releases.</summary>
    public string Code { get; }
}
