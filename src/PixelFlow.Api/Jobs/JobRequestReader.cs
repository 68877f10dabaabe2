using System.Text.Json;
using System.Text.Json.Nodes;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Reads the JSON of a job request that the framework does not bind (request bodies are bound by the framework with
/// the same <see cref="StrictJson"/> contract): the multipart form's <c>pipeline</c> field, and the one-action
/// shorthand's operation fields. Strict like the bodies: snake_case names, no unknown fields (a typo such as
/// <c>widht</c> is an error, not a silently ignored field), and errors reported with the path of the offending field.
/// </summary>
public static class JobRequestReader
{
    public static readonly JsonSerializerOptions Options = StrictJson.Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Deserialises <paramref name="json"/>; on failure returns the JSON path and message instead.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> json, string pathPrefix, out (string Path, string Message)? error)
    {
        error = null;
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Options);
            if (value is null)
            {
                error = (pathPrefix.Length == 0 ? "$" : pathPrefix, "A JSON object is required.");
            }

            return value;
        }
        catch (JsonException e)
        {
            error = (JoinPath(pathPrefix, e.Path), StrictJson.Describe(e));
            return default;
        }
    }

    /// <summary>The shorthand form: <c>action</c> plus the operation's fields from the output object.</summary>
    public static OperationSpec? ReadShorthand(OutputRequest output, string outputPath, out (string Path, string Message)? error)
    {
        var node = new JsonObject { ["action"] = output.Action };
        foreach (var (name, value) in output.OperationFields ?? [])
        {
            node[name] = JsonNode.Parse(value.GetRawText());
        }

        return Read<OperationSpec>(JsonSerializer.SerializeToUtf8Bytes(node, Options), outputPath, out error);
    }

    private static string JoinPath(string prefix, string? jsonPath)
    {
        var relative = string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "" : jsonPath.TrimStart('$').TrimStart('.');
        if (prefix.Length == 0)
        {
            return relative.Length == 0 ? "$" : relative;
        }

        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : $"{prefix}.{relative}";
    }
}
