using System.ComponentModel.DataAnnotations;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Worker;

/// <summary>Worker settings (configuration section <c>Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>
    /// Jobs processed at once; 0 = two per CPU core. A job's pixels are CPU-bound, but each job also waits on
    /// storage, the broker and Redis; with one job per core the core idles through those waits (the end-to-end
    /// issue measured 2.5 jobs/s with 2 slots × 2 libvips threads, 3.5 with 4 slots × 1 thread on 2 cores). The
    /// worker's appsettings give each job's libvips one thread (<c>Imaging:Concurrency</c>), so slots are the parallelism.
    /// </summary>
    [Range(0, 256)]
    public int ConcurrentJobs { get; set; }

    /// <summary>Largest watermark image accepted (bytes).</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxAssetBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Deadline for one job's processing: checked between outputs, and it stops libvips mid-output (except an AVIF encode in progress).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The queue this worker takes <c>ProcessJob</c> commands from: <c>process-job</c>, or <see cref="HeifQueue"/>
    /// for a worker on the system libvips.
    /// </summary>
    [Required]
    public string Queue { get; set; } = DefaultQueue;

    /// <summary>Where a worker whose libvips cannot decode HEVC forwards HEIC/HEIF sources.</summary>
    [Required]
    public string HeifQueue { get; set; } = Wire.Queues.ProcessJobHeif;

    public const string DefaultQueue = Wire.Queues.ProcessJob;

    public int EffectiveConcurrentJobs => ConcurrentJobs > 0 ? ConcurrentJobs : 2 * Environment.ProcessorCount;
}
