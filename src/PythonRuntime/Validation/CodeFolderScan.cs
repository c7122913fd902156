using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Walks a <c>code_src</c> folder before anything copies it: every entry must be a regular file, a folder or
/// a link that stays inside the function folder, and the folder is capped in entries and bytes. Links to
/// folders are not descended into (their targets are inside the function folder and walked there).
/// </summary>
public static class CodeFolderScan
{
    private const int MaxReported = 5;

    /// <summary>Gets the problems of the folder at <paramref name="folder"/> inside <paramref name="root"/>, at most five.</summary>
    public static IReadOnlyList<string> Problems(string root, string folder)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        var entries = 0;
        long bytes = 0;
        while (pending.Count > 0 && problems.Count < MaxReported)
        {
            var current = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(current, "*", options))
            {
                if (++entries > Limits.MaxCodeFolderEntries)
                {
                    problems.Add($"holds more than {Limits.MaxCodeFolderEntries} files and folders");
                    return problems;
                }

                var relative = Path.GetRelativePath(root, entry);
                var kind = FileKinds.Of(entry, followLinks: false);
                switch (kind)
                {
                    case FileKind.Directory:
                        pending.Push(entry);
                        break;
                    case FileKind.Regular:
                        bytes += new FileInfo(entry).Length;
                        break;
                    case FileKind.SymbolicLink:
                        var resolved = ContainedPath.Resolve(root, relative);
                        if (resolved.Problem is not null)
                        {
                            problems.Add($"holds '{relative}', which {resolved.Problem}");
                        }
                        else if (resolved.Kind is not (FileKind.Regular or FileKind.Directory))
                        {
                            problems.Add($"holds '{relative}', a link to {FileKinds.Describe(resolved.Kind)}");
                        }

                        break;
                    case FileKind.Missing:
                        break;
                    default:
                        problems.Add($"holds '{relative}', which is {FileKinds.Describe(kind)}; only regular files and folders can be copied");
                        break;
                }

                if (problems.Count >= MaxReported)
                {
                    return problems;
                }
            }
        }

        if (bytes > Limits.MaxCodeFolderBytes)
        {
            problems.Add($"holds {bytes} bytes; code folders may have at most {Limits.MaxCodeFolderBytes}");
        }

        return problems;
    }
}
