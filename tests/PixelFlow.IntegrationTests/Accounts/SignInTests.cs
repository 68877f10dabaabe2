using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PixelFlow.Api.Accounts;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Accounts;

public sealed class SignInTests(ServersFixture servers)
{
    [Fact]
    public async Task LoginAnswersAFifteenMinuteBearerTokenThatAuthenticatesMe()
    {
        var email = AccountClient.NewEmail("Mixed.Case");
        using var client = servers.Api.CreateClient();
        (await client.PostJsonAsync("/v1/auth/register", $$"""{"email":"  {{email.ToUpperInvariant()}} ","password":"{{AccountClient.Password}}"}"""))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var tokens = await client.LoginAsync(email.ToLowerInvariant(), AccountClient.Password);

        tokens.Select(member => member.Key).Order().ShouldBe(["access_token", "expires_in", "refresh_token", "token_type"]);
        tokens["token_type"]!.GetValue<string>().ShouldBe("Bearer");
        tokens["expires_in"]!.GetValue<int>().ShouldBe(900);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        var me = JsonNode.Parse(await client.GetStringAsync("/v1/auth/me"))!;
        me["email"]!.GetValue<string>().ShouldBe(email.ToLowerInvariant());
    }

    [Fact]
    public async Task RegisteringAnEmailAgainInAnotherCaseIsAConflict()
    {
        var user = await servers.SignUpAsync();
        using var client = servers.Api.CreateClient();

        var again = await client.PostJsonAsync("/v1/auth/register", $$"""{"email":"{{user.Email.ToUpperInvariant()}}","password":"{{AccountClient.Password}}"}""");

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/conflict");
    }

    [Theory]
    [InlineData("""{"email":"someone@example.test","password":"short"}""", "password", "12")]
    [InlineData("""{"email":"not an email","password":"long enough password"}""", "email", "invalid")]
    [InlineData("""{"password":"long enough password"}""", "email", "Required")]
    public async Task ARefusedRegistrationSaysWhichRuleItBroke(string body, string field, string mention)
    {
        using var client = servers.Api.CreateClient();

        var response = await client.PostJsonAsync("/v1/auth/register", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe("/problems/validation");
        problem["errors"]![field]![0]!.GetValue<string>().ShouldContain(mention, Case.Insensitive);
    }

    [Fact]
    public async Task RefreshRotatesTheTokenAndReusingAnOldOneEndsTheWholeSignIn()
    {
        var user = await servers.SignUpAsync();
        using var client = servers.Api.CreateClient();

        var rotated = await client.PostJsonAsync("/v1/auth/refresh", $$"""{"refresh_token":"{{user.RefreshToken}}"}""");
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var next = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!["refresh_token"]!.GetValue<string>();
        next.ShouldNotBe(user.RefreshToken);

        var replay = await client.PostJsonAsync("/v1/auth/refresh", $$"""{"refresh_token":"{{user.RefreshToken}}"}""");
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await replay.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unauthorized");
        (await client.PostJsonAsync("/v1/auth/refresh", $$"""{"refresh_token":"{{next}}"}""")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LogoutRevokesTheRefreshToken()
    {
        var user = await servers.SignUpAsync();
        using var client = servers.Api.CreateClient();

        (await client.PostJsonAsync("/v1/auth/logout", $$"""{"refresh_token":"{{user.RefreshToken}}"}""")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.PostJsonAsync("/v1/auth/refresh", $$"""{"refresh_token":"{{user.RefreshToken}}"}""")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne()
    {
        var user = await servers.SignUpAsync();
        using var client = servers.Api.CreateClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await client.PostJsonAsync("/v1/auth/login", $$"""{"email":"{{user.Email}}","password":"wrong password {{attempt}}"}"""))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var right = await client.PostJsonAsync("/v1/auth/login", $$"""{"email":"{{user.Email}}","password":"{{user.Password}}"}""");

        right.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await right.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/account-locked");
    }

    [Fact]
    public async Task LoginAttemptsForOneEmailBeyondItsBudgetAreRateLimited()
    {
        var email = AccountClient.NewEmail("unknown");
        using var client = servers.Api.CreateClient();
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await client.PostJsonAsync("/v1/auth/login", $$"""{"email":"{{email}}","password":"guess {{attempts}}"}""");
            attempts++;
        }
        while (response.StatusCode == HttpStatusCode.Unauthorized && attempts < 50);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        attempts.ShouldBe(11); // the default budget: 10 per email per minute
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/rate-limited");
    }

    [Fact]
    public async Task AHashMadeWithOlderParametersIsUpgradedOnLogin()
    {
        var user = await servers.SignUpAsync();
        var weaker = new Argon2idPasswordHasher(new Argon2idCost(MemoryKiB: 8 * 1024, Passes: 1));
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            var stored = await db.Users.SingleAsync(candidate => candidate.Email == user.Email);
            await db.Users.Where(candidate => candidate.Id == stored.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.PasswordHash, weaker.HashPassword(stored, user.Password)));
        }

        using var client = servers.Api.CreateClient();
        await client.LoginAsync(user.Email, user.Password);

        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            var hash = await db.Users.Where(candidate => candidate.Email == user.Email).Select(candidate => candidate.PasswordHash).SingleAsync();
            hash.ShouldStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        }
    }

    [Fact]
    public async Task TheJwksPublishesTheKeyThatVerifiesAccessTokens()
    {
        var user = await servers.SignUpAsync();
        var token = user.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        using var client = servers.Api.CreateClient();

        var jwks = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "pixelflow",
            ValidAudience = "pixelflow-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
    }

    [Fact]
    public async Task AnAccessTokenSignedWithAnotherKeyIsA401Problem()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "pixelflow",
            Audience = "pixelflow-api",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(
                new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)),
                SecurityAlgorithms.EcdsaSha256),
        });
        using var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.GetAsync("/v1/auth/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(header => header.Scheme == "Bearer");
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unauthorized");
    }

    [Fact]
    public async Task AUsersAccessTokenOnAnApiKeyEndpointIsA403ProblemAndAnApiKeyOnMeToo()
    {
        var user = await servers.SignUpAsync();
        var project = await servers.CreateProjectAsync();

        var asUser = await user.Client.GetAsync("/v1/projects/current");
        var asKey = await project.Client.GetAsync("/v1/auth/me");

        asUser.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await asUser.ReadProblemAsync())["detail"]!.GetValue<string>().ShouldContain("API key");
        asKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await asKey.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/forbidden");
    }
}
