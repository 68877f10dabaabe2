using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Accounts;

/// <summary>Access tokens of the external OpenID Connect issuer (<see cref="TestIssuers"/>), as Auth0's would arrive.</summary>
public sealed class ExternalIssuerTests(ServersFixture servers)
{
    [Fact]
    public async Task AnExternalUserIsProvisionedOnFirstSightAndRecognisedAfter()
    {
        var subject = $"auth0|{Guid.NewGuid():N}";
        var email = AccountClient.NewEmail("external");

        var first = await MeAsync(TestIssuers.ExternalToken(subject, email));
        var again = await MeAsync(TestIssuers.ExternalToken(subject, "changed-" + email));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var user = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        user["email"]!.GetValue<string>().ShouldBe(email);
        JsonNode.Parse(await again.Content.ReadAsStringAsync())!["id"]!.GetValue<string>().ShouldBe(user["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnExternalUserOwnsTheProjectsItCreates()
    {
        using var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestIssuers.ExternalToken($"auth0|{Guid.NewGuid():N}", AccountClient.NewEmail("external")));

        var created = await client.PostJsonAsync("/v1/projects", """{"name":"staging"}""");

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        JsonNode.Parse(await created.Content.ReadAsStringAsync())!["role"]!.GetValue<string>().ShouldBe("owner");
    }

    [Fact]
    public async Task ATokenOfTheExternalIssuerSignedWithAnotherKeyIsRefused()
    {
        var otherKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "external-1" };

        var response = await MeAsync(TestIssuers.ExternalToken($"auth0|{Guid.NewGuid():N}", AccountClient.NewEmail(), otherKey));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unauthorized");
    }

    [Fact]
    public async Task ATokenOfTheExternalIssuerForAnotherAudienceIsRefused()
    {
        var response = await MeAsync(TestIssuers.ExternalToken($"auth0|{Guid.NewGuid():N}", AccountClient.NewEmail(), audience: "another-api"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnExternalTokenWithTheEmailOfAPasswordAccountIsRefusedRatherThanLinked()
    {
        var local = await servers.SignUpAsync();

        var response = await MeAsync(TestIssuers.ExternalToken($"auth0|{Guid.NewGuid():N}", local.Email));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadProblemAsync())["detail"]!.GetValue<string>().ShouldContain("already belongs");
    }

    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/v1/auth/me");
    }
}
