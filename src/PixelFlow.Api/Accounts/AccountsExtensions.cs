using Microsoft.AspNetCore.Identity;

namespace PixelFlow.Api.Accounts;

public static class AccountsExtensions
{
    /// <summary>Users (Identity's stores, Argon2id), the bearer schemes and the caller policies.</summary>
    public static void AddAccounts(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName);
        var services = builder.Services;

        // Registered before Identity, whose own (PBKDF2) hasher is only added when none is.
        services.AddSingleton<IPasswordHasher<User>, Argon2idPasswordHasher>();
        services.AddIdentityCore<User>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.User.AllowedUserNameCharacters = ""; // the user name is the email, whatever characters it has
                // NIST SP 800-63B: length, not composition rules.
                identity.Password.RequiredLength = 12;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 4;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = settings.MaxFailedLogins;
                identity.Lockout.DefaultLockoutTimeSpan = settings.LockoutDuration;
            })
            .AddEntityFrameworkStores<PixelFlowDbContext>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<ExternalUsers>();
        services.AddBearerSchemes(settings);
        services.AddAuthorization(CallerPolicies.Configure);
    }
}
