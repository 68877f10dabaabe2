namespace PixelFlow.Api.Recovery;

public static class RecoveryExtensions
{
    /// <summary>The periodic recovery sweep (<see cref="RecoverySweep"/>) and its metric.</summary>
    public static IHostApplicationBuilder AddRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RecoveryOptions>(RecoveryOptions.SectionName);
        builder.Services.AddSingleton<RecoveryMetrics>();
        builder.Services.AddHostedSingleton<RecoverySweep>();
        return builder;
    }
}
