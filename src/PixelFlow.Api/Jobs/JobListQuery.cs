namespace PixelFlow.Api.Jobs;

/// <summary>Filters and position of a job listing.</summary>
public sealed record JobListQuery(JobStatus? Status, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore, JobCursor? Cursor, int Limit);
