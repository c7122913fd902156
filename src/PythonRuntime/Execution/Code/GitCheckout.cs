using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;

namespace PythonRuntime.Execution.Code;

/// <summary>Checks out one ref of a git repository (shallow) and reads its files, through the git CLI.</summary>
public static class GitCheckout
{
    public static async Task FetchAsync(string url, string? reference, IDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var work = Path.Combine(Path.GetTempPath(), $"pythonruntime-git-{Guid.NewGuid():N}");
        try
        {
            var tail = new OutputTail(20);
            // Credentials come from the user's git configuration or credential helper, never from the URL we print.
            var environment = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" };
            await GitAsync(["init", "--quiet", work], null, environment, tail, url, cancellationToken).ConfigureAwait(false);
            await GitAsync(["fetch", "--quiet", "--depth", "1", url, reference ?? "HEAD"], work, environment, tail, url, cancellationToken).ConfigureAwait(false);
            await GitAsync(["checkout", "--quiet", "FETCH_HEAD"], work, environment, tail, url, cancellationToken).ConfigureAwait(false);
            foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(work, file).Replace('\\', '/');
                if (name.StartsWith(".git/", StringComparison.Ordinal) || Loading.FileKinds.Of(file, followLinks: false) != Loading.FileKind.Regular)
                {
                    continue;
                }

                files[name] = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task GitAsync(IReadOnlyList<string> arguments, string? directory, IReadOnlyDictionary<string, string?> environment, OutputTail tail, string url, CancellationToken cancellationToken)
    {
        var outcome = await ChildProcessRunner.RunAsync(
            new ProcessSpec("git", arguments) { WorkingDirectory = directory, Environment = environment },
            (line, _) => tail.Add(line),
            TimeSpan.FromMinutes(5),
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.ExitCode != 0)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"Fetching the code from '{CodeStager.Redact(url)}' with git failed (exit code {outcome.ExitCode}):{Environment.NewLine}{tail}");
        }
    }
}
