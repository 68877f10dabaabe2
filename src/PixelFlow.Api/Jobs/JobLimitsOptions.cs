using System.ComponentModel.DataAnnotations;
using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Api.Jobs;

/// <summary>Limits on what a job may ask for (configuration section <c>Jobs</c>).</summary>
public sealed class JobLimitsOptions
{
    public const string SectionName = "Jobs";

    // The source's limits, sent to the worker in the command's ProcessingLimits (checked from the source's header
    // before any decode); their defaults are ProcessingLimits.Default's.

    /// <summary>Source size limit (bytes).</summary>
    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxSourceBytes { get; set; } = ProcessingLimits.Default.MaxBytes;

    /// <summary>Source pixel limit, all frames summed; a project may override it.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxSourcePixels { get; set; } = ProcessingLimits.Default.MaxPixels;

    [Range(1, 10_000)]
    public int MaxSourceFrames { get; set; } = ProcessingLimits.Default.MaxFrames;

    // What the request may ask for.

    [Range(1, 100)]
    public int MaxOutputsPerJob { get; set; } = 20;

    [Range(1, 100)]
    public int MaxStepsPerOutput { get; set; } = 20;

    /// <summary>Largest width or height an output may request (by default <see cref="OperationLimits.Default"/>'s).</summary>
    [Range(1, 65_500)]
    public int MaxOutputDimension { get; set; } = OperationLimits.Default.MaxOutputDimension;

    /// <summary>Largest asset (watermark image) a project may upload.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxAssetBytes { get; set; } = 10L * 1024 * 1024;
}
