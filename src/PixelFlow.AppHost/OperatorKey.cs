using System.Security.Cryptography;

namespace PixelFlow.AppHost;

/// <summary>
/// The operator's credential for <c>/v1/admin/*</c> (the API's <c>Admin:OperatorKey</c>): an AppHost secret parameter,
/// generated once for local runs; <c>./pixelflow up --detach</c> prints it as OPERATOR_KEY.
/// </summary>
internal static class OperatorKey
{
    /// <summary>The API's setting (see PixelFlow.Api's Auth/OperatorKey.cs).</summary>
    public const string Setting = "Admin__OperatorKey";

    public static IResourceBuilder<ParameterResource> Add(IDistributedApplicationBuilder builder) =>
        builder.AddParameter("operator-key", new GeneratedSecret(() => $"pfop_{RandomSecret()}", "operator key"), secret: true, persist: true)
            .WithDescription("Bearer key of the operator endpoints (/v1/admin/*), e.g. GET /v1/admin/cleanup-runs.");

    /// <summary>256 random bits, base64url without padding (43 characters).</summary>
    public static string RandomSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
