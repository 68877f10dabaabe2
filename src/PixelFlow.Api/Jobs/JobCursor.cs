namespace PixelFlow.Api.Jobs;

/// <summary>Position in a newest-first listing: the last job of the previous page.</summary>
public sealed record JobCursor(DateTimeOffset CreatedAt, Guid JobId)
{
    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}:{JobId:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JobCursor? TryDecode(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], out var ticks) && Guid.TryParseExact(parts[1], "N", out var id) &&
                   ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new JobCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
