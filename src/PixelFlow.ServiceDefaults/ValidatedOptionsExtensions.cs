using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>How every PixelFlow service takes its settings: one configuration section per options class.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="sectionName"/> and checks it
    /// (its data annotations and <c>IValidatableObject.Validate</c>) when the host starts rather than on first use, so
    /// a bad value stops the service at once instead of failing the first request that reads it. Returns the builder
    /// for checks of its own (<c>.Validate(…)</c>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// <see cref="AddValidatedOptions{TOptions}(IServiceCollection, string)"/> for settings that registration itself
    /// needs (before the container exists): also returns the section as bound now, defaults where it is absent.
    /// </summary>
    public static TOptions AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string sectionName)
        where TOptions : class, new()
    {
        builder.Services.AddValidatedOptions<TOptions>(sectionName);
        return builder.Configuration.GetSection(sectionName).Get<TOptions>() ?? new TOptions();
    }

    /// <summary>
    /// A hosted service that is also resolvable by its own type (one instance), so a host (or a test) can reach the
    /// running instance, e.g. to stop and start its work.
    /// </summary>
    public static IServiceCollection AddHostedSingleton<TService>(this IServiceCollection services) where TService : class, IHostedService
    {
        services.AddSingleton<TService>();
        return services.AddHostedService(provider => provider.GetRequiredService<TService>());
    }
}
