using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

public sealed record JobQueuedResponse(Guid JobId, string Status);
