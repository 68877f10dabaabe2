using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Projects;
using Shouldly;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>A registered user, signed in.</summary>
public sealed record SignedInUser(Guid Id, string Email, HttpClient Client);

/// <summary>Users, project ownership and plans, as the billing tests set them up.</summary>
public static class Owners
{
    /// <summary>Registers a new user through the API and signs in: the client carries the access token.</summary>
    public static async Task<SignedInUser> SignUpAsync(Func<HttpClient> newClient)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        using var anonymous = newClient();
        var registered = await anonymous.PostAsJsonAsync("/v1/auth/register", new { email, password });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var id = (await registered.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var login = await anonymous.PostAsJsonAsync("/v1/auth/login", new { email, password });
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        var client = newClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new SignedInUser(id, email, client);
    }

    /// <summary>Makes the user the project's owner (this branch has no endpoint for it yet: straight into the table).</summary>
    public static async Task MakeOwnerAsync(IServiceProvider services, Guid projectId, Guid userId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, Role = ProjectRole.Owner, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>PUT /v1/admin/users/{id}/plan with the operator key; returns the response.</summary>
    public static Task<HttpResponseMessage> AssignPlanAsync(HttpClient anonymous, Guid userId, string plan, string operatorKey = BillingTestSettings.OperatorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/admin/users/{userId}/plan") { Content = JsonContent.Create(new { plan }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        return anonymous.SendAsync(request);
    }

    /// <summary>A new project owned by a new user on <paramref name="plan"/>.</summary>
    public static async Task<(TestProject Project, SignedInUser Owner)> CreateOwnedProjectAsync(ServersFixture servers, string plan)
    {
        var project = await servers.CreateProjectAsync();
        var owner = await SignUpAsync(servers.Api.CreateClient);
        await MakeOwnerAsync(servers.Api.Services, project.ProjectId, owner.Id);
        using var anonymous = servers.Api.CreateClient();
        var assigned = await AssignPlanAsync(anonymous, owner.Id, plan);
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        return (project, owner);
    }
}
