namespace PythonRuntime.Images;

/// <summary>Names images: the repository <c>&lt;registry&gt;/&lt;project&gt;-&lt;function&gt;</c> and the per-commit alias tag.</summary>
public static class ImageName
{
    /// <summary>Gets the repository of a function's image.</summary>
    public static string Repository(string registry, string project, string function) =>
        $"{registry.TrimEnd('/')}/{project}-{function}";

    /// <summary>Gets the commit alias: the full commit id, with <c>-dirty</c> when the work tree has uncommitted changes.</summary>
    public static string? CommitTag(string? commit, bool dirty) =>
        commit is null ? null : dirty ? commit + "-dirty" : commit;

    /// <summary>Splits <c>host[:port]/path</c> into the registry host and the repository path.</summary>
    public static (string Registry, string Path) Split(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("docker.io", "library/" + repository) : (repository[..slash], repository[(slash + 1)..]);
    }
}
