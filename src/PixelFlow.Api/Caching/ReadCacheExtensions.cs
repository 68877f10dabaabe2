namespace PixelFlow.Api.Caching;

public static class ReadCacheExtensions
{
    public static void AddReadCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReadCacheOptions>()
            .BindConfiguration(ReadCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReadCache>();
        builder.Services.AddSingleton<CacheInvalidation>();
        builder.Services.AddHostedService<CacheInvalidationSubscriber>();
    }
}
