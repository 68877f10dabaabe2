using System.Net;

namespace PixelFlow.Infrastructure;

/// <summary>
/// The storage server could not serve a call: it could not be reached (refused, reset, name not resolved), it answered
/// with a 5xx status (including 503 SlowDown), or it did not answer within <see cref="StorageOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// Every <see cref="ObjectStorage"/> call throws this, and only this, for an outage, so a caller can retry on it (the
/// server may come back) and treat every other exception as final. Answers about the object itself are never outages:
/// a missing object is <c>null</c> (<see cref="ObjectStorage.GetAsync"/>, <see cref="ObjectStorage.GetSizeAsync"/>), an
/// object over the caller's limit a <see cref="StoredObject"/> without content or <see cref="StreamedUploadOutcome.TooLarge"/>.
/// Cancellation through the caller's own token stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    public StorageUnavailableException(string message, HttpStatusCode statusCode) : base(message) => StatusCode = statusCode;

    /// <summary>The server's 5xx status, when it answered at all.</summary>
    public HttpStatusCode? StatusCode { get; }
}
