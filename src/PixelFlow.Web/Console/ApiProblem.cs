using System.Text.Json.Serialization;

namespace PixelFlow.Web.Console;

/// <summary>An RFC 9457 problem the API answered with: the console shows its detail, and its field errors next to the fields.</summary>
public sealed class ApiProblem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>What a user reads: the detail, else the title.</summary>
    public string Explanation => Detail ?? Title;

    /// <summary>The errors for one request field (snake_case, as the API names it), or none.</summary>
    public IEnumerable<string> For(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    internal sealed record Body(string? Title, string? Detail, Dictionary<string, string[]>? Errors)
    {
        [JsonExtensionData] public Dictionary<string, object>? Rest { get; init; }
    }
}
