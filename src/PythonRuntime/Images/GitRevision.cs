using PythonRuntime.Processes;

namespace PythonRuntime.Images;

/// <summary>Reads the commit a repository is at, through the git CLI; null when the folder is not a git checkout.</summary>
public static class GitRevision
{
    /// <summary>Gets the full commit id of HEAD, or null (no git, not a repository, no commit yet).</summary>
    public static async Task<string?> CurrentCommitAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            var outcome = await ChildProcessRunner.RunAsync(
                new ProcessSpec("git", ["-C", repositoryRoot, "rev-parse", "--verify", "--quiet", "HEAD"]),
                (line, isError) =>
                {
                    if (!isError)
                    {
                        lines.Add(line.Trim());
                    }
                },
                TimeSpan.FromSeconds(20),
                cancellationToken).ConfigureAwait(false);
            return outcome.ExitCode == 0 && lines.Count == 1 && lines[0].Length >= 40 ? lines[0] : null;
        }
        catch (Diagnostics.PythonRuntimeException)
        {
            // git is not installed: renders still work, tagged 'dev'.
            return null;
        }
    }

    /// <summary>
    /// Gets a value indicating whether the work tree differs from HEAD (changed, staged or untracked files that are
    /// not ignored); such a tree's images get the <c>-dirty</c> commit tag. The tool's own output folders (the state
    /// folder, the default render folder, test results) do not count, ignored or not.
    /// </summary>
    public static async Task<bool> IsDirtyAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var changed = false;
        try
        {
            var outcome = await ChildProcessRunner.RunAsync(
                new ProcessSpec("git", ["-C", repositoryRoot, "status", "--porcelain", "--", ".", ":(exclude).pythonruntime", ":(exclude)artifacts", ":(exclude)TestResults"]),
                (line, isError) => changed |= !isError && line.Trim().Length > 0,
                TimeSpan.FromSeconds(20),
                cancellationToken).ConfigureAwait(false);
            return outcome.ExitCode == 0 && changed;
        }
        catch (Diagnostics.PythonRuntimeException)
        {
            return false;
        }
    }
}
