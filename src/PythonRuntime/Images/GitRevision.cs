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
}
