using PixelFlow.Worker.Extensions;

namespace PixelFlow.Worker;

/// <summary>
/// The data plane: consumes <c>ProcessJob</c>, runs libvips, writes outputs to storage and reports events.
/// A web host only so orchestrators can probe <c>/health</c> and <c>/alive</c> and Prometheus can scrape
/// <c>/metrics</c>; it serves nothing else.
/// Named (not top-level statements) so tests can host the API and the worker side by side.
/// </summary>
public sealed class WorkerProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings*.json sit beside the binary, wherever it is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddServiceDefaults();
        builder.AddWorkerServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync();
    }
}
