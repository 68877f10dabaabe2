using System.Text.RegularExpressions;
using PixelFlow.Contracts.V1.Operations;
using Shouldly;

namespace PixelFlow.Tests;

/// <summary>
/// The README's operations and encoding tables are rendered from the descriptors and the encoding table; they fail
/// here when the README's copy differs. <c>PIXELFLOW_UPDATE_README=1</c> writes the rendered tables into the README
/// instead (then review the diff).
/// </summary>
public sealed class ReadmeTablesTests
{
    [Theory]
    [InlineData("operations")]
    [InlineData("encodings")]
    public void TheReadmeTableIsTheOneRenderedFromTheDefinitions(string section)
    {
        var rendered = section == "operations"
            ? OperationDocumentation.OperationsTable(OperationLimits.Default)
            : OperationDocumentation.EncodingTable();
        var readme = ReadmePath();
        var text = File.ReadAllText(readme);
        var region = new Regex($"(<!-- BEGIN GENERATED {section}:[^\\n]*-->\\n)(.*?)(<!-- END GENERATED {section} -->)", RegexOptions.Singleline);
        var match = region.Match(text);
        match.Success.ShouldBeTrue($"README.md has no generated {section} region");

        if (Environment.GetEnvironmentVariable("PIXELFLOW_UPDATE_README") == "1")
        {
            File.WriteAllText(readme, region.Replace(text, found => found.Groups[1].Value + rendered + found.Groups[3].Value, 1));
            return;
        }

        match.Groups[2].Value.ShouldBe(rendered,
            $"README.md's {section} table differs from the definitions; regenerate it: PIXELFLOW_UPDATE_README=1 dotnet test tests/PixelFlow.UnitTests --filter ReadmeTables");
    }

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PixelFlow.sln")))
            {
                return Path.Combine(directory.FullName, "README.md");
            }
        }

        throw new InvalidOperationException("No PixelFlow.sln above the test binaries: the README cannot be found.");
    }
}
