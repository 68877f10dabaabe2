using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

public sealed record JobCreatedResponse(Guid JobId, string Status, UploadInstructions? Upload);
