using System.Text;

namespace PixelFlow.Contracts.V1.Operations;

/// <summary>
/// The documentation rendered from the descriptors and the encoding table: the README's operations and encoding
/// tables (a test fails when the README's copy differs) and the OpenAPI descriptions of the step and output fields.
/// </summary>
public static class OperationDocumentation
{
    /// <summary>The README's operations table, followed by the colour syntax.</summary>
    public static string OperationsTable(OperationLimits limits)
    {
        var table = new StringBuilder("| action | what it does | fields |\n|---|---|---|\n");
        foreach (var operation in OperationCatalog.All)
        {
            var fields = operation.Fields.Count == 0 ? "—" : string.Join("<br>", operation.Fields.Select(field => field.Describe(limits)));
            table.Append($"| `{operation.Action}` | {operation.Summary} | {fields} |\n");
        }

        return table.Append($"\nColours: {Colors.Syntax}.\n").ToString();
    }

    /// <summary>The README's table of what each output format takes and its defaults.</summary>
    public static string EncodingTable()
    {
        var table = new StringBuilder(
            $"| format | `quality` ({Encodings.MinQuality}–{Encodings.MaxQuality}) | `effort` | `lossless` | `progressive` |\n|---|---|---|---|---|\n");
        foreach (var encoding in Encodings.All)
        {
            table.Append($"| `{encoding.Format}` | {Quality(encoding)} | {Effort(encoding) ?? "—"} | {YesOrDash(encoding.Lossless)} | {YesOrDash(encoding.Progressive)} |\n");
        }

        return table.ToString();
    }

    /// <summary>The OpenAPI description of the step field <paramref name="name"/>: what it is for each action that reads it.</summary>
    public static string Field(string name, OperationLimits limits) => string.Join("; ", OperationCatalog.All
        .SelectMany(operation => operation.Fields.Where(field => field.Name == name).Select(field => $"{operation.Action}: {field.Describe(limits)}")));

    /// <summary>The OpenAPI description of a step's <c>action</c>.</summary>
    public static string Action() =>
        "The operation: " + string.Join("; ", OperationCatalog.All.Select(operation => $"`{operation.Action}`: {operation.Summary}"));

    /// <summary>The OpenAPI description of an output's <c>quality</c>.</summary>
    public static string Quality() =>
        $"{Encodings.MinQuality}–{Encodings.MaxQuality}. " + string.Join("; ", Encodings.All.Select(encoding => $"{encoding.Format}: {Quality(encoding)}"));

    /// <summary>The OpenAPI description of an output's <c>effort</c>.</summary>
    public static string Effort() =>
        "Encoder effort, higher is smaller and slower. " +
        string.Join("; ", Encodings.All.Where(encoding => encoding.Effort is not null).Select(encoding => $"{encoding.Format}: {Effort(encoding)}"));

    private static string Quality(FormatEncoding encoding) => encoding switch
    {
        { DefaultQuality: { } quality, QualityNote: null } => $"default {quality}",
        { DefaultQuality: { } quality, QualityNote: { } note } => $"default {quality}; {note}",
        { QualityNote: { } note } => note,
        _ => "—",
    };

    private static string? Effort(FormatEncoding encoding) => encoding.Effort is not { } effort
        ? null
        : $"{effort.Min}–{effort.Max}, default {effort.Default}" + (encoding.EffortNote is { } note ? $": {note}" : "");

    private static string YesOrDash(bool takes) => takes ? "yes" : "—";
}
