using System.Security.Cryptography;

namespace PixelFlow.AppHost;

/// <summary>
/// The development project a local run hands out: its API key is an AppHost parameter (generated once and kept in
/// the AppHost's user secrets), and the API creates the project for it at start when it is missing.
/// </summary>
internal static class DevelopmentProject
{
    /// <summary>The API's setting that names the key (see PixelFlow.Api's Auth/DevelopmentProject.cs).</summary>
    public const string ApiKeySetting = "DevelopmentProject__ApiKey";

    public static IResourceBuilder<ParameterResource> AddApiKey(IDistributedApplicationBuilder builder) =>
        builder.AddParameter("dev-api-key", new GeneratedSecret(GenerateApiKey, "development API key"), secret: true, persist: true);

    /// <summary>A key in the API's format, <c>pf_&lt;8-char id&gt;_&lt;43-char secret&gt;</c>.</summary>
    private static string GenerateApiKey() =>
        $"pf_{RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 8)}_{OperatorKey.RandomSecret()}";
}
