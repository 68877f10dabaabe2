using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PixelFlow.Api.Accounts;
using PixelFlow.Api.Auth;
using Shouldly;

namespace PixelFlow.Tests.Accounts;

/// <summary>The policy scheme's choice of handler by the token's shape.</summary>
public sealed class BearerSchemesTests
{
    private static readonly AuthOptions WithExternal = new() { Authority = "https://tenant.example.test/", Audience = "api" };

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer pf_abcdefgh_secret")]
    [InlineData("Bearer not-a-token")]
    public void AnApiKeyOrAnythingUnreadableGoesToTheApiKeyHandler(string? header) =>
        BearerSchemes.Select(Request(header), WithExternal).ShouldBe(ApiKeyAuthenticationHandler.SchemeName);

    [Fact]
    public void AJwtOfTheExternalIssuerGoesToTheExternalScheme() =>
        BearerSchemes.Select(Request("Bearer " + Token("https://tenant.example.test")), WithExternal).ShouldBe(BearerSchemes.External);

    [Fact]
    public void AnyOtherJwtGoesToTheLocalScheme()
    {
        BearerSchemes.Select(Request("Bearer " + Token("pixelflow")), WithExternal).ShouldBe(BearerSchemes.Local);
        BearerSchemes.Select(Request("Bearer " + Token("https://tenant.example.test/")), new AuthOptions()).ShouldBe(BearerSchemes.Local);
    }

    private static HttpContext Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private static string Token(string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
    });
}
