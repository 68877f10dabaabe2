using System.Text.RegularExpressions;

namespace PixelFlow.Api.Projects;

public sealed record AllowedDimensionsBody(List<AllowedDimension>? AllowedDimensions);
