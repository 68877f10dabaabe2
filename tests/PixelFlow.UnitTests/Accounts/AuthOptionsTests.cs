using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using PixelFlow.Api.Accounts;
using Shouldly;

namespace PixelFlow.Tests.Accounts;

/// <summary>What start-up says when sign-in is misconfigured.</summary>
public sealed class AuthOptionsTests
{
    private static readonly string P256Key = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem();

    [Fact]
    public void AMissingSigningKeySaysWhatToSetAndHow() =>
        Errors(new AuthOptions()).ShouldHaveSingleItem().ShouldContain("Auth:SigningKey is missing");

    [Fact]
    public void AValidP256KeyIsAccepted() => Errors(new AuthOptions { SigningKey = P256Key }).ShouldBeEmpty();

    [Fact]
    public void AKeyOnAnotherCurveIsRefused() =>
        Errors(new AuthOptions { SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem() })
            .ShouldHaveSingleItem().ShouldContain("P-256");

    [Fact]
    public void APublicKeyIsRefused() =>
        Errors(new AuthOptions { SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem() })
            .ShouldHaveSingleItem().ShouldContain("Auth:SigningKey is not usable");

    [Fact]
    public void AnAuthorityWithoutAnAudienceIsRefused() =>
        Errors(new AuthOptions { SigningKey = P256Key, Authority = "https://tenant.example.test/" })
            .ShouldHaveSingleItem().ShouldContain("go together");

    private static List<string> Errors(AuthOptions options) =>
        options.Validate(new ValidationContext(options)).Select(result => result.ErrorMessage!).ToList();
}
