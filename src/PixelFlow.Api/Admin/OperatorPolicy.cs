using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;

namespace PixelFlow.Api.Admin;

/// <summary>
/// The <c>Operator</c> authorization policy: the request carries <c>Authorization: Bearer &lt;Admin:OperatorKey&gt;</c>.
/// It is a requirement rather than an authentication scheme: the operator is no user or project, and the bearer
/// schemes (chosen by token shape) answer any other token with their usual 401 problem.
/// </summary>
public static class OperatorPolicy
{
    public const string Name = "Operator";

    public static void AddOperatorPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IAuthorizationHandler, OperatorKeyHandler>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Name, policy => policy.AddRequirements(new OperatorKeyRequirement()));
    }
}

/// <summary>The request presents the configured operator key.</summary>
public sealed class OperatorKeyRequirement : IAuthorizationRequirement;

public sealed class OperatorKeyHandler(IOptionsMonitor<AdminOptions> options) : AuthorizationHandler<OperatorKeyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorKeyRequirement requirement)
    {
        if (context.Resource is HttpContext http && Presents(http.Request.Headers.Authorization, options.CurrentValue.OperatorKey))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>True when <paramref name="header"/> is <c>Bearer &lt;key&gt;</c> with the configured key (compared in constant time).</summary>
    public static bool Presents(string? header, string? operatorKey)
    {
        if (string.IsNullOrEmpty(operatorKey) || header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey)));
    }
}
