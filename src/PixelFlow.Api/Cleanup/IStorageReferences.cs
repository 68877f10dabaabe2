namespace PixelFlow.Api.Cleanup;

/// <summary>
/// A feature's claim on objects in the bucket: the orphan sweep deletes an old object only when no implementation
/// answers for it. Every feature that stores objects registers one (<c>services.AddStorageReferences&lt;T&gt;()</c>);
/// one that does not has its objects swept once they are <see cref="CleanupOptions.OrphanMinAge"/> old.
/// </summary>
public interface IStorageReferences
{
    /// <summary>
    /// Of <paramref name="keys"/>, those a row of this feature references. Keys of another feature's layout are simply
    /// not returned. A row that is soft-deleted still references its objects: its purge removes them.
    /// </summary>
    Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);
}
