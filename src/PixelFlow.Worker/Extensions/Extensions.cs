using Microsoft.Extensions.Options;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Infrastructure;
using PixelFlow.Worker.Consumers;
using PixelFlow.Worker.Rendering;

namespace PixelFlow.Worker.Extensions;

public static class Extensions
{
    public static void AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImagingOptions>()
            .BindConfiguration(ImagingOptions.SectionName)
            .Validate(options => Enum.IsDefined(options.Library), "Imaging:Library must be bundled or system.")
            .Validate(options => options.Concurrency is >= 0 and <= 256, "Imaging:Concurrency must be 0–256.")
            .Validate(options => options.NativeMmapThresholdBytes >= 0 && options.NativeTrimThresholdBytes >= 0 && options.NativeArenaMax >= 0,
                "Imaging:NativeMmapThresholdBytes, Imaging:NativeTrimThresholdBytes and Imaging:NativeArenaMax must not be negative.")
            .Validate(options => options.NativeTrimInterval >= TimeSpan.Zero, "Imaging:NativeTrimInterval must not be negative.")
            .ValidateOnStart();
        builder.Services.AddValidatedOptions<WorkerOptions>(WorkerOptions.SectionName);
        // One libvips per process, loaded as the worker starts.
        builder.Services.AddSingleton(services => new ImageProcessor(services.GetRequiredService<IOptions<ImagingOptions>>().Value));
        builder.Services.AddHostedService<LibvipsLoader>();
        builder.Services.AddHostedService<HugePagesNotice>();
        builder.Services.AddHealthChecks().AddCheck<ImagingHealthCheck>("libvips", tags: ["ready"])
            .AddCheck<RenderHealthCheck>("renders", tags: ["live"]);
        builder.Services.AddSingleton<RenderGuard>();
        builder.Services.AddSingleton<RenderAttempts>();

        builder.AddObjectStorage();
        builder.AddRedisConnection();
        builder.AddWorkerMetrics();
        builder.Services.AddScoped<ControlPlaneJobStatus>();
        builder.AddMessageBus(bus =>
        {
            bus.AddConsumer<ProcessJobConsumer>(typeof(ProcessJobConsumerDefinition));
            bus.AddRequestClient<GetJobStatus>(new Uri($"queue:{GetJobStatus.Queue}"), ControlPlaneJobStatus.Timeout);
        });
    }
}
