using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Projects;

/// <summary>Dependencies of the project endpoints, bound with [AsParameters].</summary>
public sealed class ProjectApiServices(PixelFlowDbContext db, ProjectWebhookSecrets secrets)
{
    public PixelFlowDbContext Db { get; } = db;
    public ProjectWebhookSecrets Secrets { get; } = secrets;
}
