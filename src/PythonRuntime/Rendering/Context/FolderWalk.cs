using PythonRuntime.Rendering.Quoting;

namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Adds a local code folder to a build context in a stable (ordinal) order. Skips what never belongs in an
/// image: hidden entries (<c>.git</c>, <c>.env</c>...), <c>__pycache__</c>, compiled Python files and the
/// definition file itself; refuses symbolic links and stops at the size and count caps.
/// </summary>
internal sealed class FolderWalk(string root, List<ContextFile> files, FunctionProblems problems)
{
    private const int MaxDepth = 32;

    private long _totalBytes;

    public bool Failed { get; private set; }

    public async Task AddFolderAsync(string folder, string contextPath, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            Fail($"The code folder nests deeper than {MaxDepth} levels at {MessageText.Show(Shown(folder))}; flatten it.");
            return;
        }

        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Failed)
            {
                return;
            }

            if (IsSkipped(entry, folder))
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                Fail($"The code folder holds the symbolic link {MessageText.Show(Shown(entry.FullName))}; symbolic links could pull in files from outside the function folder, so copy the file instead.");
                return;
            }

            if (TextRules.FindLineBreaker(entry.Name) is { } problem)
            {
                Fail($"The name {MessageText.Show(Shown(entry.FullName))} holds {problem}; rename it.");
                return;
            }

            var path = contextPath + "/" + entry.Name;
            if (entry is DirectoryInfo)
            {
                await AddFolderAsync(entry.FullName, path, depth + 1, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (files.Count >= BuildContextReader.MaxFiles)
            {
                Fail($"The code folder holds more than {BuildContextReader.MaxFiles} files; keep data out of it.");
                return;
            }

            var content = await BuildContextReader.ReadFileAsync(entry.FullName, Shown(entry.FullName), problems, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                Failed = true;
                return;
            }

            _totalBytes += content.LongLength;
            if (_totalBytes > BuildContextReader.MaxTotalBytes)
            {
                Fail($"The code folder holds more than {BuildContextReader.MaxTotalBytes} bytes; keep data out of it.");
                return;
            }

            files.Add(new ContextFile(path, content));
        }
    }

    private bool IsSkipped(FileSystemInfo entry, string folder)
    {
        var atRoot = string.Equals(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        return Execution.Code.CodeFileRules.IsExcluded(entry.Name, entry is FileInfo, atRoot);
    }

    private string Shown(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private void Fail(string message)
    {
        Failed = true;
        problems.Add("code_src", message);
    }
}
