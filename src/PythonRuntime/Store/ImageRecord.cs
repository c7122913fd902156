namespace PythonRuntime.Store;

/// <summary>
/// An image the build action made (or found unchanged): its repository, the content tag that names what went into
/// it, the commit alias, the local image id, the registry digest once pushed, and the inputs it was built from
/// (canonical JSON, used to say which input changed on the next build).
/// </summary>
public sealed record ImageRecord(
    string Id,
    EntityKey Key,
    string Repository,
    string ContentTag,
    string? CommitTag,
    string ImageId,
    string? Digest,
    string InputsJson,
    string? RunId,
    DateTimeOffset CreatedUtc)
{
    /// <summary>Gets the reference to deploy: by digest once pushed (<c>repo@sha256:...</c>), else by content tag.</summary>
    public string Reference => Digest is null ? $"{Repository}:{ContentTag}" : $"{Repository}@{Digest}";
}
