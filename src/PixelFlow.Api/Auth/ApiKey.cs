using PixelFlow.Api.Projects;

namespace PixelFlow.Api.Auth;

/// <summary>
/// An API key. Only a SHA-256 hash of the secret is stored: keys are 256-bit random values, so a slow password
/// hash would add latency to every request without adding security. The visible prefix finds the row.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The key's public part, shown in listings and logs (e.g. <c>pf_3kq9x2ab</c>).</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
