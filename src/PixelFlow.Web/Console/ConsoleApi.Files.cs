namespace PixelFlow.Web.Console;

/// <summary>The Files tab's calls. Uploads and content do not go through here: their bytes pass by <see cref="Files.FileTransfers"/>.</summary>
public sealed partial class ConsoleApi
{
    /// <param name="status">Only files in this state (uploading, processing, ready, failed); null for all.</param>
    /// <param name="name">Only files whose name contains this (any case).</param>
    /// <param name="cursor">The previous page's <c>next_cursor</c>.</param>
    public Task<FilePage> ListFilesAsync(Guid projectId, string? status, string? name, string? cursor, int limit,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string> { $"limit={limit}" };
        if (!string.IsNullOrEmpty(status))
            query.Add($"status={Uri.EscapeDataString(status)}");
        if (!string.IsNullOrWhiteSpace(name))
            query.Add($"name={Uri.EscapeDataString(name.Trim())}");
        if (cursor is not null)
            query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        return AsUserAsync<FilePage>(HttpMethod.Get, $"/v1/projects/{projectId}/files?{string.Join('&', query)}", null, cancellationToken);
    }

    public Task<ConsoleFile> GetFileAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        AsUserAsync<ConsoleFile>(HttpMethod.Get, $"/v1/files/{fileId}", null, cancellationToken);

    /// <summary>Hides the file (restorable), or with <paramref name="permanently"/> deletes it and its objects.</summary>
    public Task DeleteFileAsync(Guid fileId, bool permanently, CancellationToken cancellationToken = default) =>
        AsUserAsync(HttpMethod.Delete, $"/v1/files/{fileId}{(permanently ? "?permanent=true" : "")}", null, cancellationToken);

    public Task<ConsoleFile> RestoreFileAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        AsUserAsync<ConsoleFile>(HttpMethod.Post, $"/v1/files/{fileId}/restore", null, cancellationToken);
}
