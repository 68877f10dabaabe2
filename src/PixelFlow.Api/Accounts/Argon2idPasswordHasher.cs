using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using NSec.Cryptography;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// Identity's password hasher, with Argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane) instead
/// of PBKDF2. Hashes are PHC strings (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>) that carry their parameters, so
/// a hash made with other parameters still verifies and is reported as needing a rehash: Identity's UserManager then
/// stores a new hash on that successful login.
/// </summary>
/// <remarks>
/// NSec.Cryptography, over libsodium: libsodium's Argon2id is the reference-derived, audited implementation, native
/// and so several times faster than a managed one (Konscious, Isopoh) at the same memory cost, which is what lets the
/// OWASP parameters stay affordable per login. NSec is maintained (26.x for .NET 9/10) and MIT, libsodium ISC.
/// </remarks>
public sealed class Argon2idPasswordHasher : IPasswordHasher<User>
{
    /// <summary>OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.</summary>
    public static readonly Argon2idCost Recommended = new(MemoryKiB: 19 * 1024, Passes: 2);

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly Argon2idCost _cost;

    public Argon2idPasswordHasher() : this(Recommended)
    {
    }

    /// <summary>A hasher with other parameters (tests: an upgrade from older parameters).</summary>
    public Argon2idPasswordHasher(Argon2idCost cost) => _cost = cost;

    public string HashPassword(User user, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _cost, HashBytes);
        return $"$argon2id$v=19$m={_cost.MemoryKiB},t={_cost.Passes},p=1${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}";
    }

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        if (!TryParse(hashedPassword, out var cost, out var salt, out var expected))
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = Derive(providedPassword, salt, cost, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerificationResult.Failed;
        }

        return cost == _cost && salt.Length == SaltBytes && expected.Length == HashBytes
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    private static byte[] Derive(string password, byte[] salt, Argon2idCost cost, int length)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1, // libsodium computes one lane; OWASP's settings use p=1
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Passes,
        });
        return algorithm.DeriveBytes(password, salt, length);
    }

    private static bool TryParse(string phc, out Argon2idCost cost, out byte[] salt, out byte[] hash)
    {
        (cost, salt, hash) = (default!, [], []);
        // "", "argon2id", "v=19", "m=…,t=…,p=1", salt, hash
        var parts = phc.Split('$');
        if (parts is not ["", "argon2id", "v=19", var parameters, var saltText, var hashText])
        {
            return false;
        }

        var values = parameters.Split(',').Select(pair => pair.Split('=')).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1);
        if (!values.TryGetValue("m", out var memory) || !values.TryGetValue("t", out var passes) || values.GetValueOrDefault("p") != 1
            || memory < 1 || passes < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(Pad(saltText));
            hash = Convert.FromBase64String(Pad(hashText));
        }
        catch (FormatException)
        {
            return false;
        }

        cost = new Argon2idCost(memory, passes);
        return salt.Length >= 8 && hash.Length >= 16;
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}

/// <summary>Argon2id's memory (KiB) and time (passes) cost.</summary>
public sealed record Argon2idCost(int MemoryKiB, int Passes);
