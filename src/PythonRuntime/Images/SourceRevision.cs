namespace PythonRuntime.Images;

/// <summary>The commit a build comes from and whether the work tree differs from it; null commit outside git.</summary>
public sealed record SourceRevision(string? Commit, bool Dirty)
{
    /// <summary>Reads the repository's revision (two quick git calls).</summary>
    public static async Task<SourceRevision> ReadAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var commit = await GitRevision.CurrentCommitAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);
        var dirty = commit is not null && await GitRevision.IsDirtyAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);
        return new SourceRevision(commit, dirty);
    }
}
