namespace PixelFlow.Api.Webhooks;

public static class WebhookExtensions
{
    /// <summary>Webhooks: deliveries queued on job changes, the dispatcher, signing secrets and metrics.</summary>
    public static void AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName);
        services.AddSingleton<WebhookDispatchSignal>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<ProjectWebhookSecrets>();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<IJobChangeHandler, WebhookJobChangeHandler>();
        // A host (or a test) can stop and start this instance's dispatching.
        services.AddHostedSingleton<WebhookDispatcher>();
    }
}
