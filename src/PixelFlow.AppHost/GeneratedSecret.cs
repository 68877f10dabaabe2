using Aspire.Hosting.Publishing;

namespace PixelFlow.AppHost;

/// <summary>
/// The default of a secret parameter that a local run generates once (and keeps in the AppHost's user secrets, with
/// <c>persist: true</c>); a deployment must supply its own, so none is written to a manifest.
/// </summary>
internal sealed class GeneratedSecret(Func<string> generate, string purpose) : ParameterDefault
{
    public override string GetDefaultValue() => generate();

    public override void WriteToManifest(ManifestPublishingContext context) =>
        throw new NotSupportedException($"The generated {purpose} is for local runs only; supply one for a deployment.");
}
