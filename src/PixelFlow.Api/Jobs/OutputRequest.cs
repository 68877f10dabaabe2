using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// One output: either the one-action shorthand (<c>{"id","action":"resize","width":150,"format":"webp"}</c>,
/// the action's fields beside it) or an ordered <c>steps</c> list.
/// </summary>
public sealed record OutputRequest
{
    /// <summary>Output id, unique within the job: 1–64 of A-Z a-z 0-9 _ -.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Id { get; init; }

    /// <summary>Shorthand: a single operation, its fields on this object.</summary>
    public string? Action { get; init; }

    /// <summary>Operations run in order (instead of <c>action</c>).</summary>
    public List<OperationSpec>? Steps { get; init; }

    /// <summary>Name of a project preset supplying the whole output definition (only <c>id</c> may accompany it).</summary>
    public string? Preset { get; init; }
    /// <summary>jpeg | png | webp | avif | gif | tiff | auto (default auto: the source's format when browsers show it, else jpeg/png).</summary>
    public string? Format { get; init; }

    /// <summary>1–100; each format's default and meaning: <see cref="Encodings"/>.</summary>
    public int? Quality { get; init; }

    /// <summary>webp only: lossless encoding.</summary>
    public bool? Lossless { get; init; }

    /// <summary>Encoder effort; the formats that take it, their ranges and defaults: <see cref="Encodings"/>.</summary>
    public int? Effort { get; init; }

    /// <summary>jpeg/png: progressive (interlaced).</summary>
    public bool? Progressive { get; init; }

    /// <summary>Drop EXIF, XMP, IPTC and the ICC profile: the pixels are sRGB, which untagged means (default true). False keeps them.</summary>
    public bool? StripMetadata { get; init; }

    /// <summary>The shorthand's operation fields (width, height, fit, …), read into an <see cref="OperationSpec"/>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OperationFields { get; init; }
}
