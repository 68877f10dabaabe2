using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Projects;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

/// <summary>Saves through the API's own (pooled) database context against the shared servers' Postgres.</summary>
public sealed class DatabaseSaveTests(ServersFixture servers)
{
    /// <summary>
    /// Every job event is saved inside a transaction; EF's default savepoint around such a save cost two round trips
    /// each. The second round runs on a context the pool has reset, which turns EF's default back on.
    /// </summary>
    [Fact]
    public async Task ASaveInsideATransactionSendsNoSavepointAlsoOnAContextThePoolReset()
    {
        using var test = new Activity(nameof(DatabaseSaveTests)).Start();
        var commands = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == test.TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity => commands.Enqueue((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName).ToString()!),
        };
        ActivitySource.AddActivityListener(listener);

        for (var round = 0; round < 2; round++)
        {
            await using var scope = servers.Api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            db.Projects.Add(new Project { Id = Guid.CreateVersion7(), Name = "savepoint check", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        commands.ShouldContain(command => command.StartsWith("INSERT INTO projects"), "the listener saw the saves");
        commands.ShouldNotContain(command => command.Contains("SAVEPOINT"));
    }
}
