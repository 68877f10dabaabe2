namespace PixelFlow.Api.Caching;

public static class ReadCacheExtensions
{
    public static void AddReadCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReadCacheOptions>(ReadCacheOptions.SectionName);
        builder.Services.AddSingleton<ReadCache>();
        builder.Services.AddSingleton<CacheInvalidation>();
        builder.Services.AddHostedService<CacheInvalidationSubscriber>();
    }
}
