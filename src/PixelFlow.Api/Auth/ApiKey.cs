namespace PixelFlow.Api.Auth;

/// <summary>
/// An API key. Only a SHA-256 hash of the secret is stored: keys are 256-bit random values, so a slow password
/// hash would add latency to every request without adding security. The visible prefix finds the row.
/// </summary>
public sealed class ApiKey : ProjectOwned
{
    public Guid Id { get; set; }
    public Project? Project { get; set; }

    /// <summary>The key's public part, shown in listings and logs (e.g. <c>pf_3kq9x2ab</c>).</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }
    /// <summary>The name its creator gave it (e.g. "ci"); null for keys made by the operator command.</summary>
    public string? Name { get; set; }

    /// <summary>After this time the key no longer authenticates; null = never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The last authentication with it, recorded at most once a minute per instance (see <see cref="ApiKeyUsage"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
