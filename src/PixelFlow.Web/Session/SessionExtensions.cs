using Microsoft.AspNetCore.Authentication.Cookies;
using PixelFlow.Web.Console;

namespace PixelFlow.Web.Session;

public static class SessionExtensions
{
    /// <summary>Cookie sign-in (the cookie names the session; the tokens stay server-side) and the session's token access.</summary>
    public static void AddConsoleSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/signin";
                options.Cookie.Name = "pixelflow-console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddScoped<ConsoleSession>();
    }

    /// <summary>The API through service discovery (the AppHost's reference to it), and the typed console calls.</summary>
    public static void AddConsoleApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<ApiTransport>(client => client.BaseAddress = new Uri("http://api"));
        // Streams stay open for as long as a page is live: no overall timeout, no retry handler (they resume by sequence).
        // RemoveAllResilienceHandlers is the package's one way to opt a client out of ConfigureHttpClientDefaults'
        // standard handler (whose 30 s total timeout would cut every stream); it is marked experimental.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<ProjectEventStream>(client =>
        {
            client.BaseAddress = new Uri("http://api");
            client.Timeout = Timeout.InfiniteTimeSpan;
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<ConsoleApi>();
        builder.Services.AddScoped<Toasts>();
    }
}
