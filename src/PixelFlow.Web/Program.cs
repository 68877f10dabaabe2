using PixelFlow.Web.Components;
using PixelFlow.Web.Console;
using PixelFlow.Web.Files;
using PixelFlow.Web.Session;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddConsoleSessions();
builder.AddConsoleApi();
builder.AddConsoleFiles();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapSessionEndpoints();
app.MapConsoleFiles();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
