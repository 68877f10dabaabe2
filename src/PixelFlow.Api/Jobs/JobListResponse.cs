using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

/// <summary>A page of jobs; pass <c>next_cursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record JobListResponse(IReadOnlyList<JobResponse> Data, string? NextCursor);
