using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// The API's authentication schemes behind one policy scheme: every request sends <c>Authorization: Bearer …</c>,
/// and the token's shape picks who checks it: an API key (<c>pf_…</c>), this API's own access token, or an access
/// token of the external OpenID Connect issuer (<c>Auth:Authority</c>) told apart by its <c>iss</c>.
/// </summary>
public static class BearerSchemes
{
    /// <summary>The default scheme: forwards to one of the others.</summary>
    public const string ByTokenShape = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Access tokens this API issued (<c>POST /v1/auth/login</c>).</summary>
    public const string Local = "LocalJwt";

    /// <summary>Access tokens of the external issuer configured by <c>Auth:Authority</c>/<c>Auth:Audience</c>.</summary>
    public const string External = "ExternalJwt";

    /// <summary>The claim with the caller's PixelFlow user id (the local token's subject, or the user provisioned for an external subject).</summary>
    public const string UserIdClaim = "pixelflow_user_id";

    private const string FailureDetailKey = "pixelflow.auth.jwt-failure";

    /// <summary>Reads a token's shape and claims without validating it: only to choose who validates it.</summary>
    private static readonly JsonWebTokenHandler JwtShape = new();

    public static string Select(HttpContext context, AuthOptions options)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyAuthenticationHandler.SchemeName; // it explains what to send
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.StartsWith("pf_", StringComparison.Ordinal) || !JwtShape.CanReadToken(token))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        return options.ExternalIssuerConfigured && IsExternalIssuer(new JsonWebToken(token).Issuer, options.Authority!)
            ? External
            : Local;
    }

    private static bool IsExternalIssuer(string issuer, string authority) =>
        string.Equals(issuer.TrimEnd('/'), authority.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>Registers the schemes; the JWT ones answer a failed or missing token with the same 401 problem as an API key.</summary>
    public static AuthenticationBuilder AddBearerSchemes(this IServiceCollection services, AuthOptions settings)
    {
        var authentication = services.AddAuthentication(ByTokenShape)
            .AddPolicyScheme(ByTokenShape, "API key or access token", policy => policy.ForwardDefaultSelector = context =>
                Select(context, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(Local, _ => { });
        services.AddOptions<JwtBearerOptions>(Local).Configure<SigningKeys, IOptions<AuthOptions>>((jwt, keys, options) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.ValidIssuer = options.Value.Issuer;
            jwt.TokenValidationParameters.ValidAudience = SessionTokens.Audience;
            jwt.TokenValidationParameters.IssuerSigningKey = keys.Public;
            jwt.TokenValidationParameters.ValidAlgorithms = [Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256];
            jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            jwt.Events = Events(context =>
            {
                // Our tokens' subject is the user id.
                var subject = context.Principal!.FindFirstValue(JwtRegisteredClaimNames.Sub);
                if (!Guid.TryParse(subject, out _))
                {
                    context.Fail("The access token has no user.");
                    return Task.CompletedTask;
                }

                ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(UserIdClaim, subject!));
                return Projects.ProjectScope.ApplyAsync(context);
            });
        });

        if (settings.ExternalIssuerConfigured)
        {
            authentication.AddJwtBearer(External, jwt =>
            {
                jwt.Authority = settings.Authority;
                jwt.Audience = settings.Audience;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                jwt.Events = Events(async context =>
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<ExternalUsers>();
                    var outcome = await users.ProvisionAsync(context.Principal!, context.Options.Authority!);
                    if (outcome.UserId is { } userId)
                    {
                        ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(UserIdClaim, userId.ToString()));
                        await Projects.ProjectScope.ApplyAsync(context);
                    }
                    else
                    {
                        context.Fail(outcome.Refusal!);
                    }
                });
            });
        }

        return authentication;
    }

    private static JwtBearerEvents Events(Func<TokenValidatedContext, Task> validated) => new()
    {
        OnTokenValidated = validated,
        OnAuthenticationFailed = context =>
        {
            context.HttpContext.Items[FailureDetailKey] = context.Exception switch
            {
                Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The access token has expired: get a new one with POST /v1/auth/refresh.",
                _ => "The access token is invalid: " + context.Exception.Message.Split(". ")[0] + ".",
            };
            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var detail = context.HttpContext.Items[FailureDetailKey] as string ?? context.AuthenticateFailure?.Message ?? "Authentication is required.";
            await ProblemResults.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", detail)
                .ExecuteAsync(context.HttpContext);
        },
    };
}
