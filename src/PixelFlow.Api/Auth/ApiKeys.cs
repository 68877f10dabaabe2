using System.Security.Cryptography;
using System.Text;

namespace PixelFlow.Api.Auth;

/// <summary>
/// API key format: <c>pf_&lt;8-char id&gt;_&lt;43-char secret&gt;</c>. The part before the second underscore is
/// the visible prefix (stored in clear, indexed); the whole key is stored only as a SHA-256 hash.
/// </summary>
public static class ApiKeys
{
    private const string Scheme = "pf_";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string Key, ApiKey Entity) Create(Guid projectId, DateTimeOffset now)
    {
        var id = RandomNumberGenerator.GetString(IdAlphabet, 8);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Scheme}{id}_{secret}";
        return (key, Entity(projectId, key, now));
    }

    /// <summary>The stored form of a key chosen elsewhere (the development project's, from configuration).</summary>
    public static ApiKey Entity(Guid projectId, string key, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ProjectId = projectId,
        Prefix = PrefixOf(key) ?? throw new ArgumentException("Not an API key of the form pf_<8-char id>_<secret>.", nameof(key)),
        SecretHash = Hash(key),
        CreatedAt = now,
    };

    /// <summary>The visible prefix of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? PrefixOf(string presented)
    {
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length > 128)
        {
            return null;
        }

        var end = presented.IndexOf('_', Scheme.Length);
        return end == Scheme.Length + 8 ? presented[..end] : null;
    }

    public static bool Matches(byte[] storedHash, string presented) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(presented));

    /// <summary>Creates a project and its first key; the key is returned once and never stored in clear.</summary>
    public static async Task<(Project Project, string Key)> CreateProjectAsync(
        PixelFlowDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var project = new Project { Id = Guid.CreateVersion7(), Name = name, CreatedAt = now };
        var (key, entity) = Create(project.Id, now);
        project.ApiKeys.Add(entity);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return (project, key);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
