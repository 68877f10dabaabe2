using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace PixelFlow.Api.Accounts;

/// <summary><c>/v1/auth</c>: registration, sign-in with rotating refresh tokens, and the signed-in user.</summary>
public static class AccountsApi
{
    private const int MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/auth").WithTags("Accounts");
        api.MapPost("/register", Register).WithBodyLimit(MaxBodyBytes).WithName("Register")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a user with an email and a password (at least 12 characters)");
        api.MapPost("/login", Login).WithBodyLimit(MaxBodyBytes).WithName("Login")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Sign in: a 15-minute access token and a refresh token");
        api.MapPost("/refresh", Refresh).WithBodyLimit(MaxBodyBytes).WithName("Refresh")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Exchange a refresh token for new tokens; the presented one stops working");
        api.MapPost("/logout", Logout).WithBodyLimit(MaxBodyBytes).WithName("Logout")
            .WithSummary("Revoke the refresh token (and every token rotated from the same sign-in)");
        api.MapGet("/me", Me).RequireAuthorization(CallerPolicies.SignedInUser).WithName("GetMe").WithSummary("The signed-in user");
        app.MapGet("/.well-known/jwks.json", (SigningKeys keys) => TypedResults.Ok(JsonWebKeySetResponse.Of(keys.PublicJwk)))
            .WithTags("Accounts").WithName("GetJwks").WithSummary("The public keys access tokens are signed with (RFC 7517)");
        return app;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        CredentialsRequest body, UserManager<User> users, TimeProvider clock)
    {
        if (body.Errors() is { Count: > 0 } missing)
        {
            return ProblemResults.Validation(missing);
        }

        var email = Normalise(body.Email!);
        var user = new User { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = clock.GetUtcNow() };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, body.Password!);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            result = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email)); // a concurrent registration won
        }

        if (result.Succeeded)
        {
            return TypedResults.Created("/v1/auth/me", UserResponse.From(user));
        }

        if (result.Errors.Any(error => error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Email already registered",
                $"{email} is already registered: sign in with POST /v1/auth/login.");
        }

        return ProblemResults.Validation(result.Errors
            .GroupBy(error => error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
            .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray()));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        CredentialsRequest body, HttpContext context, UserManager<User> users, LoginThrottle throttle, SessionTokens tokens,
        PixelFlowDbContext db, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        if (body.Errors() is { Count: > 0 } missing)
        {
            return ProblemResults.Validation(missing);
        }

        var email = Normalise(body.Email!);
        if (await throttle.RetryAfterAsync(context, email) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many login attempts",
                $"Too many login attempts from this address or for this email; retry after {retryAfter} s.");
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null || user.PasswordHash is null)
        {
            // The same work as a real check, so the answer's timing does not tell which emails are registered.
            hasher.VerifyHashedPassword(new User(), UnknownUserHash.Value, body.Password!);
            return WrongCredentials();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return Locked(user);
        }

        if (!await users.CheckPasswordAsync(user, body.Password!))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? Locked(user) : WrongCredentials();
        }

        await users.ResetAccessFailedCountAsync(user);
        return TypedResults.Ok(await tokens.StartAsync(db, user, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshTokenRequest body, SessionTokens tokens, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(body.RefreshToken))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["refresh_token"] = ["Required."] });
        }

        return await tokens.RotateAsync(db, body.RefreshToken, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : ProblemResults.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                "The refresh token is unknown, expired, already used or revoked: sign in again with POST /v1/auth/login.");
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(
        RefreshTokenRequest body, SessionTokens tokens, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(body.RefreshToken))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["refresh_token"] = ["Required."] });
        }

        // An unknown token is answered the same: logging out twice is not an error (RFC 7009 does the same).
        await tokens.RevokeAsync(db, body.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Me(ClaimsPrincipal caller, UserManager<User> users) =>
        await users.FindByIdAsync(caller.UserId()!.Value.ToString()) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : ProblemResults.NotFound("The signed-in user no longer exists.");

    /// <summary>Emails are stored trimmed and lower-cased; Identity's upper-cased normal form is what must be unique.</summary>
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    private static ProblemHttpResult WrongCredentials() =>
        ProblemResults.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", "The email or the password is wrong.");

    private static ProblemHttpResult Locked(User user) =>
        ProblemResults.Create(StatusCodes.Status401Unauthorized, ProblemTypes.AccountLocked, "Account locked",
            $"Too many failed logins: the account is locked until {user.LockoutEnd:O}.");

    /// <summary>A hash of a random password, verified against when the email is unknown.</summary>
    private static readonly Lazy<string> UnknownUserHash =
        new(() => new Argon2idPasswordHasher().HashPassword(new User(), Guid.NewGuid().ToString()));
}

/// <summary>Body of register and login.</summary>
public sealed record CredentialsRequest(string? Email, string? Password)
{
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Email))
        {
            errors["email"] = ["Required."];
        }
        else if (Email.Length > 256)
        {
            errors["email"] = ["At most 256 characters."];
        }

        if (string.IsNullOrEmpty(Password))
        {
            errors["password"] = ["Required."];
        }
        else if (Password.Length > 1024)
        {
            errors["password"] = ["At most 1024 characters."];
        }

        return errors;
    }
}

/// <summary>Body of refresh and logout.</summary>
public sealed record RefreshTokenRequest(string? RefreshToken);

public sealed record UserResponse(Guid Id, string Email, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email!, user.CreatedAt);
}

/// <summary>A JSON Web Key Set (RFC 7517): the public keys, members named as the RFC spells them.</summary>
public sealed record JsonWebKeySetResponse(IReadOnlyList<IReadOnlyDictionary<string, string>> Keys)
{
    public static JsonWebKeySetResponse Of(Microsoft.IdentityModel.Tokens.JsonWebKey key) => new(
    [
        new Dictionary<string, string>
        {
            ["kty"] = key.Kty, ["crv"] = key.Crv, ["x"] = key.X, ["y"] = key.Y, ["kid"] = key.Kid, ["use"] = key.Use, ["alg"] = key.Alg,
        },
    ]);
}
