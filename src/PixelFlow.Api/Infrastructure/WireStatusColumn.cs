using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PixelFlow.Api.Infrastructure;

/// <summary>Maps a status enum to its wire name (what the API, events and webhooks say), so the column reads as the API does.</summary>
internal static class WireStatusColumn
{
    /// <summary>The longest status name (<c>processing</c>, <c>uploading</c>) with room to spare.</summary>
    private const int MaxLength = 16;

    public static PropertyBuilder<TStatus> HasWireConversion<TStatus>(this PropertyBuilder<TStatus> property,
        Expression<Func<TStatus, string>> toWire) where TStatus : struct, Enum =>
        property.HasConversion(toWire, text => Enum.Parse<TStatus>(text, true)).HasMaxLength(MaxLength);
}
