namespace PixelFlow.Web.Console;

/// <summary>Short messages after an action (success, or the API's problem detail), shown by the layout's toast area.</summary>
public sealed class Toasts
{
    public sealed record Toast(Guid Id, string Text, bool IsError);

    private readonly List<Toast> _shown = [];

    public event Action? Changed;

    public IReadOnlyList<Toast> Shown => _shown;

    public void Success(string text) => Show(text, isError: false);

    public void Failure(string text) => Show(text, isError: true);

    /// <summary>Runs an action, toasting the API's explanation if it answers with a problem; true when it succeeded.</summary>
    public async Task<bool> TryAsync(Func<Task> action, string? success = null)
    {
        try
        {
            await action();
            if (success is not null)
                Success(success);
            return true;
        }
        catch (ApiProblem problem)
        {
            Failure(problem.Explanation);
            return false;
        }
    }

    public void Dismiss(Guid id)
    {
        _shown.RemoveAll(t => t.Id == id);
        Changed?.Invoke();
    }

    private void Show(string text, bool isError)
    {
        var toast = new Toast(Guid.NewGuid(), text, isError);
        _shown.Add(toast);
        Changed?.Invoke();
        // Successes fade on their own; failures stay until dismissed, so their detail can be read.
        if (!isError)
            _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => Dismiss(toast.Id), TaskScheduler.Default);
    }
}
