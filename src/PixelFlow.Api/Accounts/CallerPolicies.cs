using Microsoft.AspNetCore.Authorization;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// Who an endpoint serves. The default policy (plain <c>RequireAuthorization()</c>) is a caller bound to one project: an
/// API key, or a signed-in user naming a project of theirs in <c>PixelFlow-Project</c> (<see cref="Projects.ProjectScope"/>);
/// those endpoints act on that project (<c>user.ProjectId()</c>). Endpoints that name their project in the route take any caller
/// and ask <see cref="Projects.ProjectAccess"/>; account endpoints take signed-in users.
/// </summary>
public static class CallerPolicies
{
    public const string SignedInUser = "SignedInUser";
    public const string AnyCaller = "AnyCaller";

    public static void Configure(AuthorizationOptions options)
    {
        options.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ProjectIdClaim).Build();
        options.AddPolicy(SignedInUser, policy => policy.RequireAuthenticatedUser().RequireClaim(BearerSchemes.UserIdClaim));
        options.AddPolicy(AnyCaller, policy => policy.RequireAuthenticatedUser());
        Projects.ProjectScope.AddPolicies(options);
    }
}

/// <summary>The signed-in user behind a request, if it is one.</summary>
public static class UserClaims
{
    public static Guid? UserId(this ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirstValue(BearerSchemes.UserIdClaim), out var id) ? id : null;
}
