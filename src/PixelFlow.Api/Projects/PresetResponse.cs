using System.Text.RegularExpressions;

namespace PixelFlow.Api.Projects;

public sealed record PresetResponse(string Name, OutputSpec Output, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PresetResponse From(Preset preset) =>
        new(preset.Name, preset.Output with { Id = preset.Name }, preset.CreatedAt, preset.UpdatedAt);
}
