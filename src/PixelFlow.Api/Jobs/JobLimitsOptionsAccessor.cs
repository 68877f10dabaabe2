using System.Text.RegularExpressions;
using PixelFlow.Api.Extensions;

namespace PixelFlow.Api.Jobs;

/// <summary>The configured job limits, for endpoints that check project settings against them.</summary>
public sealed class JobLimitsOptionsAccessor(Microsoft.Extensions.Options.IOptions<JobLimitsOptions> options)
{
    public int MaxOutputDimension => options.Value.MaxOutputDimension;
}
