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
}
