using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class AuthenticationTests(ServersFixture servers)
{
    [Theory]
    [InlineData(null)]
    [InlineData("pf_unknown1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task AMissingOrUnknownKeyIsA401Problem(string? key)
    {
        using var client = servers.Api.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.PostJsonAsync("/v1/jobs", """{"source_type":"s3_presigned","pipeline":[]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(header => header.Scheme == "Bearer");
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe("/problems/unauthorized");
        problem["status"]!.GetValue<int>().ShouldBe(401);
    }

    [Fact]
    public async Task AKeyWithTheRightPrefixButWrongSecretIsRejected()
    {
        var project = await servers.CreateProjectAsync();
        var forged = project.ApiKey[..^4] + "AAAA";
        using var client = servers.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.GetAsync($"/v1/jobs/{Guid.NewGuid()}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKeyRevokedBehindTheApisBackIsRefusedOnceTheInstancesShortCacheExpires()
    {
        var project = await servers.CreateProjectAsync();
        (await project.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // read and cached

        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlow.Api.Infrastructure.PixelFlowDbContext>();
            await db.ApiKeys.Where(key => key.ProjectId == project.ProjectId)
                .ExecuteUpdateAsync(set => set.SetProperty(key => key.RevokedAt, DateTimeOffset.UtcNow));
        }

        var bound = TimeSpan.FromSeconds(servers.Api.Services.GetRequiredService<IOptions<PixelFlow.Api.Caching.ReadCacheOptions>>().Value.MutableSeconds + 5);
        await Poll.UntilAsync(async () => (await project.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, bound, status => $"the revoked key still authenticates ({status})");
    }
}
