using Microsoft.AspNetCore.Identity;
using PixelFlow.Api.Accounts;
using Shouldly;

namespace PixelFlow.Tests.Accounts;

public sealed class Argon2idPasswordHasherTests
{
    private static readonly User AnyUser = new();

    [Fact]
    public void AHashCarriesTheOwaspParametersAndVerifiesOnlyItsPassword()
    {
        var hasher = new Argon2idPasswordHasher();

        var hash = hasher.HashPassword(AnyUser, "correct horse battery staple");

        hash.ShouldStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        hasher.VerifyHashedPassword(AnyUser, hash, "correct horse battery staple").ShouldBe(PasswordVerificationResult.Success);
        hasher.VerifyHashedPassword(AnyUser, hash, "correct horse battery stapler").ShouldBe(PasswordVerificationResult.Failed);
    }

    [Fact]
    public void TwoHashesOfOnePasswordDifferBySalt()
    {
        var hasher = new Argon2idPasswordHasher();

        hasher.HashPassword(AnyUser, "same password here").ShouldNotBe(hasher.HashPassword(AnyUser, "same password here"));
    }

    [Fact]
    public void AHashMadeWithOtherParametersVerifiesAndAsksForARehash()
    {
        var older = new Argon2idPasswordHasher(new Argon2idCost(MemoryKiB: 8 * 1024, Passes: 1)).HashPassword(AnyUser, "long enough password");

        new Argon2idPasswordHasher().VerifyHashedPassword(AnyUser, older, "long enough password")
            .ShouldBe(PasswordVerificationResult.SuccessRehashNeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AQAAAAIAAYagAAAAEJ")] // Identity's own PBKDF2 format
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaA")]
    public void AnythingButOurArgon2idFormatFailsWithoutThrowing(string stored)
    {
        new Argon2idPasswordHasher().VerifyHashedPassword(AnyUser, stored, "whatever").ShouldBe(PasswordVerificationResult.Failed);
    }
}
