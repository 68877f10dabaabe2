namespace PixelFlow.Contracts.V1;

/// <summary>
/// Names the API and the worker must spell alike without sharing code paths: broker queues, Redis keys and the job
/// statuses the API mirrors for the worker. A rename here reaches both sides; a literal in one of them would not.
/// </summary>
public static class Wire
{
    /// <summary>Broker queues (MassTransit's kebab-case of the consumer, so the worker's endpoint and the API's outbox meet).</summary>
    public static class Queues
    {
        /// <summary><see cref="ProcessJob"/> commands, taken by the default worker.</summary>
        public const string ProcessJob = "process-job";

        /// <summary>HEIC/HEIF sources, forwarded by a worker whose libvips cannot decode HEVC to the worker on the system libvips.</summary>
        public const string ProcessJobHeif = "process-job-heif";
    }

    /// <summary>The product's Redis keyspace, every key under <see cref="Prefix"/>.</summary>
    public static class RedisKeys
    {
        public const string Prefix = "pixelflow:";

        /// <summary>The job's status as the API last committed it (the wire names of <see cref="JobStatuses"/>), read by the worker.</summary>
        public static string JobStatus(Guid jobId) => $"{Prefix}job-status:{jobId:N}";

        /// <summary>The worker's count of the job's renders that started and never finished.</summary>
        public static string JobRenders(Guid jobId) => $"{Prefix}job-renders:{jobId:N}";
    }

    /// <summary>Job status names as the API writes them (JSON, events, the Redis mirror, <see cref="JobStatusReply"/>).</summary>
    public static class JobStatuses
    {
        /// <summary>Not settled yet: the job may still run.</summary>
        public const string Created = "created", Queued = "queued", Processing = "processing";

        /// <summary>Settled: see <see cref="IsTerminal"/>.</summary>
        public const string Succeeded = "succeeded", Failed = "failed", Canceled = "canceled";

        /// <summary>A settled job: nothing more happens to it, so a command for it is skipped.</summary>
        public static bool IsTerminal(string? status) => status is Succeeded or Failed or Canceled;
    }
}
