using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

public sealed record JobErrorResponse(string Code, string Message);
