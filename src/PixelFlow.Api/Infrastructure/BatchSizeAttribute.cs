using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// The bounds of every batch size setting (rows or objects read, changed or deleted per round): at least one, so a
/// round always moves on, and at most 10,000, so one round's rows, keys and statement stay small.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BatchSizeAttribute() : RangeAttribute(1, 10_000);
