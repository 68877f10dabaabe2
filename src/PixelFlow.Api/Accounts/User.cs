using Microsoft.AspNetCore.Identity;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// A person who signs in: registered with a password, or provisioned on first sight from an external OpenID Connect
/// provider's token (then its issuer and subject are an Identity login, and it has no password).
/// </summary>
public sealed class User : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}
