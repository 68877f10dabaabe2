namespace PixelFlow.Contracts.V1.Operations;

/// <summary>
/// One operation, defined once: its action name, its one-line documentation, its fields (types, ranges, defaults,
/// required) and the rules that span fields. The API validates with <see cref="Validate"/>; the worker's
/// <c>PixelFlow.Imaging</c> operation reads its fields' values (defaults applied) through the typed descriptor; the
/// README operations table and the OpenAPI descriptions are rendered from it.
/// </summary>
public abstract class OperationDescriptor(string action, string summary)
{
    /// <summary>The <see cref="OperationSpec.Action"/> value.</summary>
    public string Action { get; } = action;

    /// <summary>What the operation does, one line.</summary>
    public string Summary { get; } = summary;

    public abstract IReadOnlyList<OperationField> Fields { get; }

    /// <summary>Every way <paramref name="spec"/> breaks this operation's rules; empty when it is valid.</summary>
    public IEnumerable<FieldError> Validate(OperationSpec spec, OperationLimits limits)
    {
        foreach (var stray in OperationCatalog.FieldsSetIn(spec).Where(name => Fields.All(field => field.Name != name)))
        {
            yield return new FieldError(stray, $"Not a field of action '{Action}'.");
        }

        foreach (var field in Fields)
        {
            if (field.Required && !field.IsSet(spec))
            {
                yield return new FieldError(field.Name, "Required.");
            }
            else if (field.Problem(spec, limits) is { } problem)
            {
                yield return new FieldError(field.Name, problem);
            }
        }

        foreach (var error in CheckTogether(spec))
        {
            yield return error;
        }
    }

    /// <summary>The rules that span fields (one placement of a crop, text or image for a watermark).</summary>
    protected virtual IEnumerable<FieldError> CheckTogether(OperationSpec spec) => [];
}
