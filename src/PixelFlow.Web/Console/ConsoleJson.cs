using System.Text.Json;

namespace PixelFlow.Web.Console;

/// <summary>The API's JSON conventions: snake_case names, web defaults (case-insensitive reads).</summary>
public static class ConsoleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
