namespace PythonRuntime.Store;

/// <summary>
/// A file kept in the store's artifacts folder. <see cref="Path"/> is the absolute local path of the copy,
/// <see cref="Sha256"/> (lower-case hex) and <see cref="Size"/> describe the bytes as they were stored, and
/// <see cref="RunId"/> names the run that produced it, if any.
/// </summary>
public sealed record ArtifactRecord(
    string Id,
    EntityKey Key,
    string Path,
    string Format,
    string Sha256,
    long Size,
    string? RunId,
    DateTimeOffset CreatedUtc);
