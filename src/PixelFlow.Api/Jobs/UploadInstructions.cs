using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

public sealed record UploadInstructions(string Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);
