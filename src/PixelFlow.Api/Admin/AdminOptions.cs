using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Admin;

/// <summary>The operator's credential (configuration section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// A secret the operator sends as <c>Authorization: Bearer &lt;operator key&gt;</c> to the operator endpoints
    /// (<see cref="OperatorPolicy"/>). Unset = those endpoints refuse everyone. At least 32 characters: it is the
    /// only thing standing in front of every project.
    /// </summary>
    [MinLength(32)]
    public string? OperatorKey { get; set; }
}
