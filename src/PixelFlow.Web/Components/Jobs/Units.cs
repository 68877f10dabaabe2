using System.Globalization;

namespace PixelFlow.Web.Components.Jobs;

/// <summary>Sizes, pixel counts, durations and times as the console writes them: short, in the units people read.</summary>
public static class Units
{
    private static readonly string[] ByteUnits = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>1 536 → "1.5 KB" (powers of 1024, as file managers show sizes).</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : $"{value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} {ByteUnits[unit]}";
    }

    /// <summary>960 000 → "0.96 MP": megapixels, the unit photos are sized in.</summary>
    public static string Pixels(long pixels) => pixels switch
    {
        < 10_000 => $"{pixels} px",
        _ => $"{(pixels / 1_000_000.0).ToString(pixels < 10_000_000 ? "0.##" : "#,0.#", CultureInfo.InvariantCulture)} MP",
    };

    /// <summary>1 250 → "1.3 s"; 95 000 → "1.6 min".</summary>
    public static string Duration(long milliseconds) => milliseconds switch
    {
        < 1000 => $"{milliseconds} ms",
        < 60_000 => $"{(milliseconds / 1000.0).ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 3_600_000 => $"{(milliseconds / 60_000.0).ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => $"{(milliseconds / 3_600_000.0).ToString("0.#", CultureInfo.InvariantCulture)} h",
    };

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A moment in UTC, which the API reports in (the server renders: it does not know the browser's zone).</summary>
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The machine-readable form for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
