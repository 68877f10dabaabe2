using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace PixelFlow.Api.Problems;

/// <summary>
/// The API's one JSON contract, applied to the framework's HTTP JSON options that bind every request body (and to
/// <see cref="Jobs.JobRequestReader"/> for the JSON inside a multipart form): snake_case names, unknown fields are
/// errors (a typo such as <c>max_source_pixel</c> must not silently reset a setting), numbers are numbers
/// (<c>"150"</c> is not an integer), no trailing commas, bounded nesting. And one way of telling a client what is
/// wrong with a body it sent: a binding failure becomes <c>/problems/malformed-request</c> in
/// <see cref="UnhandledExceptionHandler"/>.
/// </summary>
public static partial class StrictJson
{
    /// <summary>Applies the contract to <paramref name="options"/> (the framework's HTTP JSON options or our own).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        // Dictionary keys are data (output ids, header names), written as given.
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.MaxDepth = 16;
        return options;
    }

    /// <summary>
    /// Caps the body of an endpoint: the server refuses a larger one before binding it, answered as a 413 problem
    /// (<see cref="FrameworkProblems"/>). The in-memory test server does not enforce it; Kestrel does.
    /// </summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(maxBytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    /// <summary>
    /// What to tell the client about <paramref name="error"/>: System.Text.Json's messages name CLR types
    /// ("System.Int32") and reader options ("Change the reader options"), which mean nothing to an API client.
    /// </summary>
    public static string Describe(JsonException error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;

        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            return $"Unknown field '{unmapped.Groups["name"].Value}': check its spelling against the API reference (/docs).";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("including:", StringComparison.Ordinal);
            return "A required field is missing: " + (start > 0 ? message[(start + 10)..] : message).Trim().TrimEnd('.') + ".";
        }

        if (CouldNotConvert().Match(message) is { Success: true } conversion)
        {
            return $"Expected {JsonKind(conversion.Groups["type"].Value)} here.";
        }

        if (error.LineNumber is { } line && error.BytePositionInLine is { } position)
        {
            // A syntax error: keep the reader's first sentence, drop its advice about reader options.
            var sentence = message.Split(". ", 2)[0].TrimEnd('.');
            return $"The body is not valid JSON (line {line + 1}, byte {position + 1}): {sentence}.";
        }

        return message;
    }

    /// <summary>The JSON path (<c>$.pipeline[0].width</c>) without the leading <c>$.</c>; <c>$</c> for the whole body.</summary>
    public static string PathOf(JsonException error) =>
        string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "$" : error.Path.TrimStart('$').TrimStart('.');

    private static string JsonKind(string clrType)
    {
        var type = clrType.TrimEnd('.');
        if (type.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
        {
            type = type["System.Nullable`1[".Length..].Split(',')[0].Trim('[', ']');
        }

        return type switch
        {
            "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte"
                => "an integer (a JSON number without quotes)",
            "System.Double" or "System.Single" or "System.Decimal" => "a number (without quotes)",
            "System.Boolean" => "true or false (without quotes)",
            "System.String" or "System.Guid" or "System.DateTimeOffset" or "System.DateTime" => "a string",
            _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal)
                   || type.StartsWith("System.Collections.Generic.IReadOnlyList", StringComparison.Ordinal)
                   || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("could not be converted to (?<type>\\S+)")]
    private static partial Regex CouldNotConvert();
}
