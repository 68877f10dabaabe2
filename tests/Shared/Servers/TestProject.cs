namespace PixelFlow.Tests.Infrastructure;

/// <summary>A project of the API under test, and a client authenticated with its key.</summary>
public sealed record TestProject(Guid ProjectId, string ApiKey, HttpClient Client);
