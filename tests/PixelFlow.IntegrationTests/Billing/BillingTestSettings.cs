namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// Plans every test host runs with (the operator key is ServersFixture.OperatorKey). The plans are set here, not read from the API's
/// appsettings.json: the test output folder holds the worker's appsettings.json, which overwrites the API's. Besides
/// free and pro, small plans a test exhausts with a job or two. Billing (Stripe) stays disabled unless a test enables it.
/// </summary>
public static class BillingTestSettings
{
    /// <summary>Two files: a job with one output (its source and that output) fills it.</summary>
    public const string TwoFilesPlan = "two-files";

    /// <summary>A thousand bytes: less than any test image.</summary>
    public const string KilobytePlan = "kilobyte";

    public const long ProFiles = 1_000_000;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Billing:DefaultPlan"] = "free",
        ["Billing:Plans:free:Files"] = "10000",
        ["Billing:Plans:pro:Files"] = $"{ProFiles}",
        [$"Billing:Plans:{TwoFilesPlan}:Files"] = "2",
        [$"Billing:Plans:{KilobytePlan}:StoredBytes"] = "1000",
    };
}
