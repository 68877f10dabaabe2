namespace PixelFlow.Api.Projects;

/// <summary>One-shot operator commands run by the API binary instead of serving HTTP.</summary>
public sealed record AdminCommands(string Name, string Argument)
{
    public static AdminCommands? Parse(string[] args) =>
        args is ["create-project", var name] ? new AdminCommands("create-project", name) : null;

    /// <summary>Creates a project and prints <c>PROJECT_ID=…</c> and <c>API_KEY=…</c> (the key is shown only here).</summary>
    public async Task<int> RunAsync(IServiceProvider services)
    {
        if (string.IsNullOrWhiteSpace(Argument) || Argument.Length > 200)
        {
            await Console.Error.WriteLineAsync("A project name of 1–200 characters is required.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var (project, key) = await ApiKeys.CreateProjectAsync(db, Argument, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Console.WriteLine($"PROJECT_ID={project.Id}");
        Console.WriteLine($"API_KEY={key}");
        return 0;
    }
}
