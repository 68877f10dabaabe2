using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// Users of the external OpenID Connect issuer, provisioned on first sight: the token's issuer and subject become an
/// Identity login (<c>user_logins</c>) of a new user with the token's email. A later token finds the user by that
/// login, whatever its email says by then.
/// </summary>
public sealed class ExternalUsers(UserManager<User> users, TimeProvider clock, ILogger<ExternalUsers> logger)
{
    public sealed record Outcome(Guid? UserId, string? Refusal);

    public async Task<Outcome> ProvisionAsync(ClaimsPrincipal token, string issuer)
    {
        var subject = token.FindFirstValue(JwtRegisteredClaimNames.Sub);
        if (string.IsNullOrEmpty(subject))
        {
            return new Outcome(null, "The external access token has no subject ('sub').");
        }

        var provider = issuer.TrimEnd('/');
        if (await users.FindByLoginAsync(provider, subject) is { } known)
        {
            return new Outcome(known.Id, null);
        }

        var email = token.FindFirstValue(JwtRegisteredClaimNames.Email);
        if (string.IsNullOrEmpty(email))
        {
            return new Outcome(null, "The external access token has no 'email' claim: add it to the API's access tokens at the issuer.");
        }

        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            // Linking to an existing account on email alone would let the issuer's users take over accounts here.
            return new Outcome(null, $"The email {email} already belongs to a PixelFlow account; sign in with its password.");
        }

        user = new User { Id = Guid.CreateVersion7(), UserName = email.Trim().ToLowerInvariant(), Email = email.Trim().ToLowerInvariant(), CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, provider));
        }

        if (!created.Succeeded)
        {
            // A concurrent first request of the same subject may have provisioned it meanwhile.
            if (await users.FindByLoginAsync(provider, subject) is { } concurrent)
            {
                return new Outcome(concurrent.Id, null);
            }

            logger.LogWarning("Could not provision external user {Subject}: {Errors}", subject, string.Join("; ", created.Errors.Select(e => e.Description)));
            return new Outcome(null, "The external user could not be provisioned: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        return new Outcome(user.Id, null);
    }
}
