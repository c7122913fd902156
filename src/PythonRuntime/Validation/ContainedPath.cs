using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Resolves a relative path inside a folder one component at a time, the way the kernel does, and refuses
/// any symbolic link that leads outside the folder. Checking the joined path once is not enough: a link in
/// the middle (<c>lib -&gt; /etc</c>) or a chain of links can leave the folder while the text stays inside.
/// Links that stay inside are followed (at most <see cref="Limits.MaxLinkHops"/>).
/// </summary>
public static class ContainedPath
{
    /// <summary>The outcome of <see cref="Resolve"/>: the real path and its kind, or why it failed.</summary>
    public readonly record struct Result(string? FullPath, FileKind Kind, string? Problem);

    /// <summary>
    /// Resolves <paramref name="relative"/> (already free of '..', absolute and backslash forms) under
    /// <paramref name="root"/>. A missing component gives <see cref="FileKind.Missing"/> without a problem.
    /// </summary>
    public static Result Resolve(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relative);
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var pending = new LinkedList<string>(Split(relative));
        var current = top;
        var hops = 0;
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                // Only link targets bring '..' here; the walk so far has no links, so the parent is physical.
                if (string.Equals(current, top, StringComparison.Ordinal))
                {
                    return new Result(null, FileKind.Missing, "leads outside the function folder through a symbolic link");
                }

                current = Path.GetDirectoryName(current) ?? top;
                continue;
            }

            var next = Path.Join(current, part);
            var kind = FileKinds.Of(next, followLinks: false);
            switch (kind)
            {
                case FileKind.Missing:
                    return new Result(next, FileKind.Missing, null);
                case FileKind.SymbolicLink:
                    if (++hops > Limits.MaxLinkHops)
                    {
                        return new Result(null, kind, $"goes through more than {Limits.MaxLinkHops} symbolic links");
                    }

                    var target = new FileInfo(next).LinkTarget ?? string.Empty;
                    if (Path.IsPathRooted(target))
                    {
                        var full = Path.GetFullPath(target);
                        if (!IsWithin(full, top))
                        {
                            return new Result(null, kind, $"goes through the symbolic link '{Path.GetRelativePath(top, next)}', which points outside the function folder");
                        }

                        current = top;
                        target = Path.GetRelativePath(top, full);
                    }

                    foreach (var piece in Split(target).Reverse())
                    {
                        pending.AddFirst(piece);
                    }

                    continue;
                case FileKind.Directory:
                    current = next;
                    continue;
                default:
                    if (pending.Count > 0 && pending.Any(p => p is not ("" or ".")))
                    {
                        return new Result(null, kind, $"uses '{Path.GetRelativePath(top, next)}' as a folder, but it is {FileKinds.Describe(kind)}");
                    }

                    current = next;
                    continue;
            }
        }

        var finalKind = string.Equals(current, top, StringComparison.Ordinal) ? FileKind.Directory : FileKinds.Of(current, followLinks: false);
        return new Result(current, finalKind, null);
    }

    /// <summary>Gets a value indicating whether <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsWithin(string path, string root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return string.Equals(path, trimmed, StringComparison.Ordinal)
            || path.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', Path.DirectorySeparatorChar);
}
