namespace PixelFlow.Api.Files;

/// <summary>Dependencies of the file endpoints, bound with [AsParameters].</summary>
public sealed class FileApiServices(FileService files, ProjectAccess access, ObjectStorage storage, IOptions<JobLimitsOptions> limits,
    IOptions<StorageOptions> storageOptions, TimeProvider clock, Billing.QuotaGate quotas)
{
    public FileService Files { get; } = files;
    public ProjectAccess Access { get; } = access;
    public ObjectStorage Storage { get; } = storage;
    public IOptions<JobLimitsOptions> Limits { get; } = limits;
    public IOptions<StorageOptions> StorageOptions { get; } = storageOptions;
    public TimeProvider Clock { get; } = clock;
    public Billing.QuotaGate Quotas { get; } = quotas;
}
