using PythonRuntime.Diagnostics;

namespace PythonRuntime.Rendering.Output;

/// <summary>
/// Writes a render to disk so that every file is either its old or its new complete version: all files go to
/// temporary files in their own folder first (flushed to disk), and only when every one of them is written are
/// they renamed over the old ones. A failure before the renames leaves nothing changed. Files whose bytes are
/// already right are not touched; stale files under a function's <c>context/</c> folder are removed. One
/// writer at a time per output folder, through an OS lock that dies with the process.
/// </summary>
internal static class ArtifactWriter
{
    private const string LockFile = ".pythonruntime-render.lock";
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task<WriteSummary> WriteAsync(RenderResult result, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var root = Path.GetFullPath(result.OutputDirectory);
        Directory.CreateDirectory(root);

        // A second render into the same folder waits (and says so) instead of interleaving its files.
        using var gate = await FileLock.AcquireAsync(Path.Combine(root, LockFile), $"the render output folder '{root}'", progress ?? (_ => { }), cancellationToken).ConfigureAwait(false);

        var plan = result.Files.Select(file => (File: file, Path: Target(root, file.RelativePath))).ToList();
        RemoveInterruptedTemporaries(root, result, plan.Select(p => p.Path).ToHashSet(StringComparer.Ordinal));
        var pending = new List<(string Temp, string Path)>();
        var unchanged = new List<string>();
        try
        {
            foreach (var (file, path) in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await HasContentAsync(path, file.Content, cancellationToken).ConfigureAwait(false))
                {
                    unchanged.Add(file.RelativePath);
                    continue;
                }

                var folder = Path.GetDirectoryName(path)!;
                CreateFolder(root, folder);
                var temp = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Path.GetRandomFileName() + ".tmp");
                pending.Add((temp, path));
                await WriteTempAsync(temp, file.Content, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            foreach (var (temp, _) in pending)
            {
                TryDelete(temp);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new PythonRuntimeException(ExitCodes.Environment, $"Could not write the rendered files to '{root}': {ex.Message} Nothing was changed; free space or fix permissions and render again.", ex);
        }

        // A function whose files change loses its completion marker before the first rename and gets it back after
        // the last, so a render killed in between is visible as incomplete (RenderCompletion.IsComplete).
        var changing = result.Functions.Where(f => pending.Any(p => p.Path.StartsWith(Path.Combine(root, f.Name) + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();
        foreach (var function in changing)
        {
            File.Delete(Path.Combine(root, function.Name, RenderCompletion.FileName));
        }

        var written = new List<string>();
        foreach (var (temp, path) in pending)
        {
            File.Move(temp, path, overwrite: true);
            written.Add(Path.GetRelativePath(root, path).Replace('\\', '/'));
        }

        var removed = RemoveStale(root, result, plan.Select(p => p.Path).ToHashSet(StringComparer.Ordinal));
        await MarkCompleteAsync(root, result, changing).ConfigureAwait(false);
        return new WriteSummary(written, unchanged, removed);
    }

    private static async Task MarkCompleteAsync(string root, RenderResult result, List<RenderedFunction> changing)
    {
        foreach (var function in result.Functions)
        {
            var marker = Path.Combine(root, function.Name, RenderCompletion.FileName);
            if (!changing.Contains(function) && File.Exists(marker))
            {
                continue;
            }

            try
            {
                await AtomicFile.WriteAllTextAsync(marker, RenderCompletion.Describe(function), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PythonRuntimeException(ExitCodes.Environment, $"The rendered files of '{function.Name}' were written to '{root}', but its completion marker '{marker}' could not be: {ex.Message} Free space or fix permissions and render again; until then the folder counts as incomplete.", ex);
            }
        }
    }

    private static string Target(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(root, relative));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"The rendered path '{relative}' leaves the output folder.");
    }

    private static async Task<bool> HasContentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length != content.Length)
        {
            return false;
        }

        var existing = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return content.Span.SequenceEqual(existing);
    }

    private static void CreateFolder(string root, string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            // Builds copy the context with its modes: keep it readable for the image's non-root user whatever the umask.
            for (var current = folder; current.Length > root.Length; current = Path.GetDirectoryName(current)!)
            {
                File.SetUnixFileMode(current, FolderMode);
            }
        }
    }

    private static async Task WriteTempAsync(string temp, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var stream = new FileStream(temp, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, FileMode);
        }
    }

    private static List<string> RemoveStale(string root, RenderResult result, HashSet<string> keep)
    {
        var removed = new List<string>();
        foreach (var function in result.Functions)
        {
            var context = Path.Combine(root, function.Name, "context");
            if (!Directory.Exists(context))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(context, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!keep.Contains(file))
                {
                    File.Delete(file);
                    removed.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
                }
            }

            foreach (var folder in Directory.EnumerateDirectories(context, "*", SearchOption.AllDirectories).OrderByDescending(f => f.Length))
            {
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Deletes the hidden temporary files a writer killed before its renames left behind (<c>kill -9</c>, power loss).
    /// Only the lock holder writes temporaries, so while the lock is held every one found is stale.
    /// </summary>
    private static void RemoveInterruptedTemporaries(string root, RenderResult result, HashSet<string> planned)
    {
        foreach (var function in result.Functions)
        {
            var folder = Path.Combine(root, function.Name);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories))
            {
                if (!planned.Contains(file))
                {
                    TryDelete(file);
                }
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temp file is harmless and the next write replaces the real one.
        }
    }
}
