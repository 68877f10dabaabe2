using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// The multipart upload of a source image, shared by job creation (<see cref="MultipartJobsApi"/>) and files: the
/// body may be as large as the source limit allows, and the file part is streamed to storage (never held whole in
/// memory), its format sniffed from its first bytes and its size limited.
/// </summary>
public static class SourceUploads
{
    /// <summary>What every uploaded source is stored as until a feature gives it a type of its own.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>
    /// The parts of a multipart/form-data body that carry a form-data name, in order, each with its disposition (a part
    /// without one is skipped). The body limit is <see cref="BeginMultipart"/>'s, so the reader sets none of its own.
    /// </summary>
    public static async IAsyncEnumerable<(string Name, ContentDispositionHeaderValue Disposition, MultipartSection Section)> ReadNamedPartsAsync(
        HttpRequest request, string boundary, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) &&
                HeaderUtilities.RemoveQuotes(disposition.Name).Value is { } name)
            {
                yield return (name, disposition, section);
            }
        }
    }

    /// <summary>
    /// Raises the request's body limit to the source limit plus <paramref name="fieldBytes"/> (our own limit answers
    /// with a problem; Kestrel's default of 30 MB must not cut in first), and reads the multipart boundary.
    /// </summary>
    /// <returns>The boundary, or null with <paramref name="problem"/> set.</returns>
    public static string? BeginMultipart(HttpRequest request, long maxSourceBytes, long fieldBytes, out ValidationProblem? problem)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxSourceBytes + fieldBytes;
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        problem = string.IsNullOrEmpty(boundary)
            ? ProblemResults.Malformed(new Dictionary<string, string[]> { ["Content-Type"] = ["multipart/form-data needs a boundary."] })
            : null;
        return problem is null ? boundary : null;
    }

    /// <summary>
    /// Streams <paramref name="content"/> to the object <paramref name="targetForFormat"/> names for the sniffed
    /// format; every byte passes through <paramref name="digest"/>.
    /// </summary>
    public static async Task<SniffedUpload> StoreAsync(ObjectStorage storage, Stream content, long maxBytes,
        Func<string, UploadTarget> targetForFormat, IncrementalHash digest, CancellationToken cancellationToken)
    {
        string? format = null;
        UploadTarget? target = null;
        var upload = await storage.UploadStreamAsync(content, maxBytes,
            head => (format = ImageSniffer.Sniff(head.Span)) is { } sniffed ? target = targetForFormat(sniffed) : null,
            digest, cancellationToken);
        return new SniffedUpload(upload, format, target);
    }

    /// <summary>The problem for an upload that was not stored: too large (413) or not an accepted image (415).</summary>
    public static ProblemHttpResult? Refusal(StreamedUpload upload, long maxBytes) => upload.Outcome switch
    {
        StreamedUploadOutcome.TooLarge => ProblemResults.Create(StatusCodes.Status413RequestEntityTooLarge, ProblemTypes.SourceTooLarge,
            "Source too large", $"The file exceeds {maxBytes} bytes."),
        StreamedUploadOutcome.Rejected => ProblemResults.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
            "Unsupported image format", $"The file is not an accepted image ({string.Join(", ", ImageSniffer.Accepted)}); " +
                                         "the format is read from its bytes, not its declared type."),
        _ => null,
    };

    /// <summary>Deletes what an upload stored, when a later check refuses the request.</summary>
    public static async Task DiscardAsync(ObjectStorage storage, SniffedUpload? upload)
    {
        if (upload is { Upload.Outcome: StreamedUploadOutcome.Stored, Target: { } target })
        {
            await storage.DeleteAsync(target.Key, CancellationToken.None);
        }
    }
}

/// <summary>A streamed upload, with the format sniffed from its first bytes and where it went (null when refused before storing).</summary>
public sealed record SniffedUpload(StreamedUpload Upload, string? Format, UploadTarget? Target);
