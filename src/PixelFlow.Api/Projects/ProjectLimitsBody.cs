using System.Text.RegularExpressions;

namespace PixelFlow.Api.Projects;

public sealed record ProjectLimitsBody(long? MaxSourcePixels);
