using PixelFlow.Api.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class GroupCommitTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<int[]> _batches = [];
    private readonly List<int> _failedBatchSizes = [];

    /// <summary>The first commit waits for this, so that later submissions pile up behind it.</summary>
    private readonly TaskCompletionSource _releaseFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _writer;

    private GroupCommit<int, string> Start(int maxBatch = 64, int failOn = -1)
    {
        var commits = new GroupCommit<int, string>(async (items, token) =>
        {
            lock (_batches)
            {
                _batches.Add([.. items]);
            }

            if (_batches.Count == 1)
            {
                _firstStarted.TrySetResult();
                await _releaseFirst.Task.WaitAsync(token);
            }

            return items.Contains(failOn) ? throw new InvalidOperationException("a unique violation") : [.. items.Select(item => $"row {item}")];
        }, maxBatch, (_, size) => _failedBatchSizes.Add(size));
        _writer = commits.RunAsync(_stopping.Token);
        return commits;
    }

    [Fact]
    public async Task WritesArrivingDuringACommitShareTheNextOneAndEachCallerGetsItsOwnResult()
    {
        var commits = Start();
        var first = commits.SubmitAsync(1, CancellationToken.None);
        await _firstStarted.Task;
        var later = new[] { 2, 3, 4 }.Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();
        commits.Waiting.ShouldBe(3);

        _releaseFirst.SetResult();

        (await first).ShouldBe("row 1");
        (await Task.WhenAll(later)).ShouldBe(["row 2", "row 3", "row 4"]);
        _batches.ShouldBe([[1], [2, 3, 4]]);
        commits.Committed.ShouldBe(2);
    }

    [Fact]
    public async Task ABatchTakesNoMoreThanItsLimit()
    {
        var commits = Start(maxBatch: 2);
        var first = commits.SubmitAsync(1, CancellationToken.None);
        await _firstStarted.Task;
        var later = new[] { 2, 3, 4, 5, 6 }.Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();

        _releaseFirst.SetResult();

        await first;
        await Task.WhenAll(later);
        _batches.ShouldBe([[1], [2, 3], [4, 5], [6]]);
    }

    [Fact]
    public async Task AFailedBatchSendsEachOfItsCallersToWriteAloneAndSparesOtherBatches()
    {
        var commits = Start(failOn: 3);
        var first = commits.SubmitAsync(1, CancellationToken.None);
        await _firstStarted.Task;
        var failing = new[] { 2, 3, 4 }.Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();

        _releaseFirst.SetResult();

        (await first).ShouldBe("row 1");
        (await Task.WhenAll(failing)).ShouldAllBe(result => result == null);
        _failedBatchSizes.ShouldBe([3]);
        (await commits.SubmitAsync(5, CancellationToken.None)).ShouldBe("row 5");
        commits.Failed.ShouldBe(1);
    }

    [Fact]
    public async Task ACallerThatGaveUpBeforeItsBatchIsNotWritten()
    {
        var commits = Start();
        var first = commits.SubmitAsync(1, CancellationToken.None);
        await _firstStarted.Task;
        using var givingUp = new CancellationTokenSource();
        var abandoned = commits.SubmitAsync(2, givingUp.Token);
        var kept = commits.SubmitAsync(3, CancellationToken.None);
        await givingUp.CancelAsync();

        _releaseFirst.SetResult();

        await Should.ThrowAsync<OperationCanceledException>(abandoned);
        (await kept).ShouldBe("row 3");
        await first;
        _batches.ShouldBe([[1], [3]]);
    }

    [Fact]
    public async Task WhenTheWriterStopsEveryCallerStillWaitingAndEveryLaterOneWritesAlone()
    {
        var commits = Start();
        var inFlight = commits.SubmitAsync(1, CancellationToken.None);
        await _firstStarted.Task;
        var waiting = commits.SubmitAsync(2, CancellationToken.None);

        await _stopping.CancelAsync();
        await _writer!;

        (await inFlight).ShouldBeNull();
        (await waiting).ShouldBeNull();
        (await commits.SubmitAsync(3, CancellationToken.None)).ShouldBeNull();
        _batches.ShouldBe([[1]]);
    }

    public async ValueTask DisposeAsync()
    {
        _releaseFirst.TrySetResult();
        await _stopping.CancelAsync();
        if (_writer is not null)
        {
            await _writer;
        }

        _stopping.Dispose();
    }
}
