namespace PixelFlow.Api.Billing;

/// <summary>What a plan limits.</summary>
public enum QuotaKind
{
    /// <summary>Bytes of files the project stores.</summary>
    StoredBytes,

    /// <summary>Source pixels processed in the current calendar month (UTC), from the usage records.</summary>
    ProcessedPixelsPerMonth,

    /// <summary>Files the project stores.</summary>
    Files,
}

public static class QuotaKinds
{
    /// <summary>The quota's name in answers and problems (<c>stored_bytes</c>, <c>processed_pixels_per_month</c>, <c>files</c>).</summary>
    public static string ToWire(this QuotaKind kind) => kind switch
    {
        QuotaKind.StoredBytes => "stored_bytes",
        QuotaKind.ProcessedPixelsPerMonth => "processed_pixels_per_month",
        QuotaKind.Files => "files",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
