using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Contracts.V1;
using PixelFlow.Worker.Consumers;
using Shouldly;

namespace PixelFlow.Tests.Recovery;

/// <summary>
/// The worker's outage retry (ProcessJobConsumerDefinition) on MassTransit's in-memory harness, with waits shortened
/// to milliseconds: a job retried through an outage, and one whose outage outlasts every retry.
/// </summary>
public sealed class StorageOutageRetryTests : IDisposable
{
    private readonly CancellationTokenSource _mustCome = new(TimeSpan.FromSeconds(30));

    private static readonly TimeSpan[] ShortWaits = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)];

    [Fact]
    public async Task AnOutageThatOutlastsEveryRetryFailsTheJobAsStorageUnavailableWithoutAFault()
    {
        var (harness, storage) = await StartAsync(failingAttempts: int.MaxValue);

        await harness.Bus.Publish(Command());
        await storage.LastAttempt.WaitAsync(TimeSpan.FromSeconds(30));

        (await harness.Published.Any<JobFailed>(published => published.Context.Message.ErrorCode == JobErrorCodes.StorageUnavailable,
            Bounded())).ShouldBeTrue();
        storage.Attempts.ShouldBe(ShortWaits.Length + 1);
        (await harness.Published.Any<Fault<ProcessJob>>()).ShouldBeFalse();
    }

    [Fact]
    public async Task AnOutageShorterThanTheRetriesEndsWithTheJobDone()
    {
        var (harness, storage) = await StartAsync(failingAttempts: ShortWaits.Length);

        await harness.Bus.Publish(Command());
        await storage.LastAttempt.WaitAsync(TimeSpan.FromSeconds(30));

        (await harness.Consumed.Any<ProcessJob>(Bounded())).ShouldBeTrue();
        (await harness.Published.Any<JobSucceeded>(Bounded())).ShouldBeTrue();
        storage.Attempts.ShouldBe(ShortWaits.Length + 1);
        (await harness.Published.Any<JobFailed>()).ShouldBeFalse();
    }

    private static async Task<(ITestHarness Harness, FlakyStorage Storage)> StartAsync(int failingAttempts)
    {
        var storage = new FlakyStorage(failingAttempts);
        var provider = new ServiceCollection()
            .AddSingleton(storage)
            .AddMassTransitTestHarness(bus => bus.AddConsumer<StorageBoundConsumer, StorageBoundConsumerDefinition>())
            // How long "nothing published" is waited for; the positive waits wait for the last attempt first, so the
            // two cores being busy with other tests does not cut them short.
            .Configure<TestHarnessOptions>(options => options.TestInactivityTimeout = TimeSpan.FromSeconds(2))
            .BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return (harness, storage);
    }

    /// <summary>
    /// For a message that must come: waited for up to 30 s, not only until the harness's inactivity timeout (meant for
    /// what must not come), which a consumer finishing on two busy cores can outlast.
    /// </summary>
    private CancellationToken Bounded() => _mustCome.Token;

    public void Dispose() => _mustCome.Dispose();

    private static ProcessJob Command() => new()
    {
        JobId = Guid.NewGuid(),
        ProjectId = Guid.NewGuid(),
        SourceKey = "source",
        OutputPrefix = "outputs/",
        Outputs = [],
        Limits = ProcessingLimits.Default,
        QueuedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Storage that refuses connections for its first attempts.</summary>
    public sealed class FlakyStorage(int failingAttempts)
    {
        private readonly TaskCompletionSource _lastAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempts;

        public int Attempts => _attempts;

        /// <summary>Completes when the retry's last attempt reaches storage.</summary>
        public Task LastAttempt => _lastAttempt.Task;

        public void Put()
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (attempt == ShortWaits.Length + 1)
            {
                _lastAttempt.TrySetResult();
            }

            if (attempt <= failingAttempts)
            {
                throw new PixelFlow.Infrastructure.StorageUnavailableException("Connection refused (127.0.0.1:9000)", new System.Net.Sockets.SocketException(111));
            }
        }
    }

    public sealed class StorageBoundConsumer(FlakyStorage storage) : IConsumer<ProcessJob>
    {
        public Task Consume(ConsumeContext<ProcessJob> context)
        {
            storage.Put();
            return context.Publish(new JobSucceeded
            {
                JobId = context.Message.JobId,
                ProjectId = context.Message.ProjectId,
                Outputs = [],
                Source = new SourceReport { Format = "jpeg", Width = 1, Height = 1, Bytes = 1 },
                Warnings = [],
                Usage = new JobUsage(0, 0, 0, 0),
                CompletedAt = DateTimeOffset.UtcNow,
            });
        }
    }

    public sealed class StorageBoundConsumerDefinition : ConsumerDefinition<StorageBoundConsumer>
    {
        protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
            IConsumerConfigurator<StorageBoundConsumer> consumerConfigurator, IRegistrationContext context) =>
            ProcessJobConsumerDefinition.ConfigureOutageRetry(endpointConfigurator, consumerConfigurator, ShortWaits, TimeProvider.System);
    }
}
