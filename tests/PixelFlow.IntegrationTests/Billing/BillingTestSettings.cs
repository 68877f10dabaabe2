namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// Plans and the operator key every test API runs with: small plans a test can exhaust with a job or two, and an
/// operator key for PUT /v1/admin/users/{id}/plan. Billing (Stripe) stays disabled on the shared API.
/// </summary>
public static class BillingTestSettings
{
    public const string OperatorKey = "test-operator-key-0123456789abcdefghij";

    /// <summary>Two files: a job with one output (its source and that output) fills it.</summary>
    public const string TwoFilesPlan = "two-files";

    /// <summary>A thousand bytes: less than any test image.</summary>
    public const string KilobytePlan = "kilobyte";

    public static readonly IReadOnlyDictionary<string, string?> Plans = new Dictionary<string, string?>
    {
        ["Admin:OperatorKey"] = OperatorKey,
        [$"Billing:Plans:{TwoFilesPlan}:Files"] = "2",
        [$"Billing:Plans:{KilobytePlan}:StoredBytes"] = "1000",
    };
}
