using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace PixelFlow.AppHost;

/// <summary>
/// The operator's credential for the API's operator endpoints (its <c>Admin:OperatorKey</c>, sent as
/// <c>Authorization: Bearer …</c>): a secret parameter. A local run generates one on its first start and keeps it in
/// the AppHost's user secrets (<c>Parameters:operator-key</c>); a deployment sets its own.
/// </summary>
internal static class OperatorKey
{
    /// <summary>The API's setting that takes the key (see PixelFlow.Api's Admin/AdminOptions.cs).</summary>
    public const string Setting = "Admin__OperatorKey";

    public static IResourceBuilder<ParameterResource> Add(IDistributedApplicationBuilder builder) =>
        builder.AddParameter("operator-key", new GeneratedKey(), secret: true, persist: true)
            .WithDescription("Bearer credential of the operator endpoints (e.g. PUT /v1/admin/users/{id}/plan).");

    /// <summary>256 random bits, URL-safe base64 (43 characters; the API asks for at least 32).</summary>
    private sealed class GeneratedKey : ParameterDefault
    {
        public override string GetDefaultValue() =>
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public override void WriteToManifest(ManifestPublishingContext context) =>
            throw new NotSupportedException("A deployment brings its own operator key: set the operator-key parameter.");
    }
}
