using PixelFlow.Api.Assets;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Billing;
using PixelFlow.Api.Docs;
using PixelFlow.Api.Events;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Files;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Api.Usage;
using PixelFlow.Api.Webhooks;

// `PixelFlow.Api create-project NAME` is the operator's way to make a project and its first key (./pixelflow).
var command = AdminCommands.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = command is null ? args : [],
    // appsettings*.json sit beside the binary, wherever it is started from.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.MigrateDatabaseAsync();
await app.Services.EnsureDevelopmentProjectAsync();
if (command is not null)
{
    return await command.RunAsync(app.Services);
}

// Unhandled exceptions and framework-generated errors (404 unknown route, 405, 415 wrong content type) also answer
// with a problem body, in every environment.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiRateLimiting();

app.MapDefaultEndpoints();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
app.MapOpenApiDocs();
app.MapJobsApi();
app.MapAccountsApi();
app.MapProjectsApi();
app.MapUserProjectsApi();
app.MapApiKeysApi();
app.MapWebhooksApi();
app.MapUsageApi();
app.MapBillingApi();
app.MapEventsApi();
app.MapProjectSettingsApi();
app.MapAssetsApi();
app.MapFilesApi();
app.MapCleanupApi();

await app.RunAsync();
return 0;
