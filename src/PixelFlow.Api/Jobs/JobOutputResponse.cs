using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

/// <summary>An output as reported: <c>status</c> pending until the worker stores it.</summary>
/// <param name="Id">The output's id from the request.</param>
/// <param name="Status">pending | completed.</param>
/// <param name="Url">Presigned GET URL of the stored file (fresh on every read), once completed.</param>
/// <param name="Format">The format written (auto resolved), or the requested one while pending.</param>
/// <param name="Width">Width in pixels (of one frame).</param>
/// <param name="Height">Height in pixels (of one frame).</param>
/// <param name="Bytes">File size.</param>
/// <param name="Frames">Animation frames (1 for stills).</param>
/// <param name="Steps">The output's operations in the order they run, as the API normalised the request (the one-action
/// shorthand and presets become steps): each an <c>OperationSpec</c> with only the fields it was given.</param>
public sealed record JobOutputResponse(
    string Id, string Status, string? Url, string Format, int? Width, int? Height, long? Bytes, int? Frames, JsonElement Steps);
