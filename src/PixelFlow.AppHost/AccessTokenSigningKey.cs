using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace PixelFlow.AppHost;

/// <summary>
/// The key the API signs users' access tokens with (its <c>Auth:SigningKey</c>): a secret parameter. A local run
/// generates one on its first start and keeps it in the AppHost's user secrets, as it does the development API key,
/// so sign-ins survive restarts; a deployment sets <c>Parameters:auth-signing-key</c> to its own PEM key.
/// </summary>
internal static class AccessTokenSigningKey
{
    /// <summary>The API's setting that takes the key (see PixelFlow.Api's Accounts/AuthOptions.cs).</summary>
    public const string Setting = "Auth__SigningKey";

    public static IResourceBuilder<ParameterResource> Add(IDistributedApplicationBuilder builder) =>
        builder.AddParameter("auth-signing-key", new GeneratedKey(), secret: true, persist: true)
            .WithDescription("PEM EC P-256 private key that signs access tokens (ES256); its public half is served at /.well-known/jwks.json.");

    private sealed class GeneratedKey : ParameterDefault
    {
        public override string GetDefaultValue()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return key.ExportPkcs8PrivateKeyPem();
        }

        public override void WriteToManifest(ManifestPublishingContext context) =>
            throw new NotSupportedException("A deployment brings its own signing key: set the auth-signing-key parameter.");
    }
}
