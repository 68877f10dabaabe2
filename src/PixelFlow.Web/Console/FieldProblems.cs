namespace PixelFlow.Web.Console;

/// <summary>
/// An <see cref="ApiProblem"/>'s field errors keyed as a form names its inputs: the API keys each error by the path
/// of the field in the request body (<c>$.steps[0].width</c> for a validation error, <c>steps[0].width</c> for a
/// malformed value, <c>settings.webhook.url</c> inside a PATCH), so a form strips the prefix it does not show.
/// </summary>
public sealed class FieldProblems
{
    public static readonly FieldProblems None = new(null);

    private readonly Dictionary<string, string[]> _byField = new(StringComparer.Ordinal);

    /// <param name="prefix">The part of each key before the form's own field names (<c>settings.webhook.</c>).</param>
    public FieldProblems(ApiProblem? problem, string prefix = "")
    {
        Problem = problem;
        foreach (var (key, messages) in problem?.Errors ?? new Dictionary<string, string[]>())
        {
            var field = key.TrimStart('$').TrimStart('.');
            field = field.StartsWith(prefix, StringComparison.Ordinal) ? field[prefix.Length..] : field;
            _byField[field] = _byField.TryGetValue(field, out var earlier) ? [.. earlier, .. messages] : messages;
        }
    }

    public ApiProblem? Problem { get; }

    /// <summary>
    /// Runs a form's save: on success a toast says what changed and no problem remains; on a problem the toast gives
    /// the API's explanation and the result holds its field errors for the form to show beside its inputs.
    /// </summary>
    public static async Task<FieldProblems> SaveAsync(Toasts toasts, Func<Task> save, string success, string prefix = "")
    {
        try
        {
            await save();
            toasts.Success(success);
            return None;
        }
        catch (ApiProblem problem)
        {
            toasts.Failure(problem.Explanation);
            return new FieldProblems(problem, prefix);
        }
    }

    /// <summary>The messages for one field (as the form names it), or none.</summary>
    public IReadOnlyList<string> For(string field) => _byField.GetValueOrDefault(field) ?? [];

    public bool Has(string field) => _byField.ContainsKey(field);

    /// <summary>The errors of fields the form has no input for: shown with the form, so that none goes unseen.</summary>
    public IEnumerable<string> Elsewhere(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToHashSet(StringComparer.Ordinal);
        return _byField.Where(error => !shown.Contains(error.Key))
            .SelectMany(error => error.Value.Select(message => error.Key.Length == 0 ? message : $"{error.Key}: {message}"));
    }
}
