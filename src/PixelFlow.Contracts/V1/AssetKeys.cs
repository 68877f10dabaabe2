using System.Text.RegularExpressions;

namespace PixelFlow.Contracts.V1;

/// <summary>
/// The syntax of a project asset's key (a watermark image). Keys become storage keys under the project's prefix:
/// no way out of it, nothing ambiguous.
/// </summary>
public static partial class AssetKeys
{
    public const int MaxLength = 200;

    public const string Rule =
        "Must be an asset key: 1–200 characters of letters, digits, '.', '_', '-' or '/', not starting with '/' and without '..' or '//'.";

    public static bool IsValid(string key) =>
        Pattern().IsMatch(key) && !key.StartsWith('/') && !key.Contains("..", StringComparison.Ordinal) &&
        !key.Contains("//", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex Pattern();
}
