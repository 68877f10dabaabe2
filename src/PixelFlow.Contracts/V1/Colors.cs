using System.Globalization;

namespace PixelFlow.Contracts.V1;

/// <summary>An sRGB colour with alpha, 0–255 per channel.</summary>
public readonly record struct Rgba(byte R, byte G, byte B, byte A)
{
    public static Rgba White { get; } = new(255, 255, 255, 255);
}

/// <summary>
/// The one colour syntax: the API validates with it and the worker renders with it, so both accept exactly the
/// same strings. <c>#rgb</c>, <c>#rrggbb</c>, <c>#rrggbbaa</c> (the <c>#</c> is required: <c>fff</c> is refused
/// rather than guessed at), or one of <see cref="Named"/> (any case). Nothing else: no <c>rgb()</c>, no
/// surrounding spaces.
/// </summary>
public static class Colors
{
    public static readonly IReadOnlyDictionary<string, Rgba> Named = new Dictionary<string, Rgba>(StringComparer.OrdinalIgnoreCase)
    {
        ["transparent"] = new(0, 0, 0, 0),
        ["black"] = new(0, 0, 0, 255),
        ["white"] = Rgba.White,
        ["gray"] = new(128, 128, 128, 255),
        ["grey"] = new(128, 128, 128, 255),
        ["red"] = new(255, 0, 0, 255),
        ["green"] = new(0, 128, 0, 255),
        ["blue"] = new(0, 0, 255, 255),
        ["yellow"] = new(255, 255, 0, 255),
    };

    /// <summary>The accepted syntax in words, for error messages and the documentation.</summary>
    public static string Syntax { get; } = $"`#rgb`, `#rrggbb`, `#rrggbbaa`, or {string.Join(", ", Named.Keys.Select(name => $"`{name}`"))}";

    public static bool TryParse(string? text, out Rgba colour)
    {
        colour = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (Named.TryGetValue(text, out colour))
        {
            return true;
        }

        // AllowHexSpecifier alone: no sign, no spaces, no "0x" slip through uint parsing.
        if (text[0] != '#' || !uint.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        switch (text.Length)
        {
            case 4:
                colour = new Rgba(Expand(value >> 8), Expand(value >> 4), Expand(value), 255);
                return true;
            case 7:
                colour = new Rgba((byte)(value >> 16), (byte)(value >> 8), (byte)value, 255);
                return true;
            case 9:
                colour = new Rgba((byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value);
                return true;
            default:
                return false;
        }

        static byte Expand(uint nibble) => (byte)((nibble & 0xF) * 17);
    }

    /// <summary>Parses a colour the API already validated; throws <see cref="FormatException"/> on anything else.</summary>
    public static Rgba Parse(string text) =>
        TryParse(text, out var colour) ? colour : throw new FormatException($"'{text}' is not a colour: use {Syntax}.");
}
