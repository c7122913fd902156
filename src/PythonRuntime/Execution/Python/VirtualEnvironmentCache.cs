using System.Security.Cryptography;
using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;

namespace PythonRuntime.Execution.Python;

/// <summary>
/// Virtual environments for local runs, one per (interpreter, requirements, index) combination, made once
/// and reused. Creation holds an OS file lock (released if the holder dies) and the environment counts as
/// ready only once its marker file exists, so an interrupted install is redone rather than trusted.
/// </summary>
public sealed class VirtualEnvironmentCache(string stateDirectory)
{
    private const string ReadyMarker = ".pythonruntime-ready";

    /// <summary>Gets the folder holding the environments.</summary>
    public string Directory { get; } = Path.Combine(stateDirectory, "venvs");

    /// <summary>Computes the cache key of an environment.</summary>
    public static string KeyOf(PythonInterpreter interpreter, IReadOnlyList<string> requirements, string? indexUrl)
    {
        ArgumentNullException.ThrowIfNull(interpreter);
        ArgumentNullException.ThrowIfNull(requirements);
        var text = new StringBuilder()
            .Append(interpreter.Executable).Append('\n')
            .Append(interpreter.Version).Append('\n')
            .Append(indexUrl ?? string.Empty).Append('\n')
            .AppendJoin('\n', requirements.Select(r => r.Trim()).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..20];
    }

    /// <summary>
    /// Returns the Python executable of an environment with <paramref name="requirements"/> installed, creating it
    /// when missing. Without requirements the interpreter itself is returned: the runner needs only the standard library.
    /// </summary>
    /// <exception cref="PythonRuntimeException">The environment could not be created or pip failed.</exception>
    public async Task<string> EnsureAsync(PythonInterpreter interpreter, IReadOnlyList<string> requirements, string? indexUrl, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (requirements.Count == 0)
        {
            return interpreter.Executable;
        }

        var key = KeyOf(interpreter, requirements, indexUrl);
        var folder = Path.Combine(Directory, key);
        var python = Path.Combine(folder, "bin", "python");
        if (File.Exists(Path.Combine(folder, ReadyMarker)))
        {
            return python;
        }

        System.IO.Directory.CreateDirectory(Directory);
        using var held = await FileLock.AcquireAsync(Path.Combine(Directory, key + ".lock"), $"the virtual environment {key}", log, cancellationToken).ConfigureAwait(false);
        if (File.Exists(Path.Combine(folder, ReadyMarker)))
        {
            return python;
        }

        if (System.IO.Directory.Exists(folder))
        {
            // A previous attempt died before finishing; its contents cannot be trusted.
            System.IO.Directory.Delete(folder, recursive: true);
        }

        log($"Creating a virtual environment with Python {interpreter.Version} for: {string.Join(", ", requirements)}");
        var tail = new OutputTail(40);
        await RunAsync(new ProcessSpec(interpreter.Executable, ["-m", "venv", folder]), tail, log, cancellationToken).ConfigureAwait(false);
        var requirementsFile = Path.Combine(folder, "requirements.txt");
        await File.WriteAllLinesAsync(requirementsFile, requirements, cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "-m", "pip", "install", "--no-input", "--disable-pip-version-check", "-r", requirementsFile };
        if (indexUrl is not null)
        {
            arguments.AddRange(["--index-url", indexUrl]);
        }

        await RunAsync(new ProcessSpec(python, arguments) { Environment = new Dictionary<string, string?> { ["PIP_REQUIRE_VIRTUALENV"] = "1" } }, tail, log, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, ReadyMarker), key, cancellationToken).ConfigureAwait(false);
        return python;
    }

    private static async Task RunAsync(ProcessSpec spec, OutputTail tail, Action<string> log, CancellationToken cancellationToken)
    {
        var outcome = await ChildProcessRunner.RunAsync(
            spec,
            (line, _) =>
            {
                tail.Add(line);
                log(line);
            },
            TimeSpan.FromMinutes(15),
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.ExitCode != 0 || outcome.TimedOut)
        {
            var reason = outcome.TimedOut ? "did not finish within 15 minutes" : $"failed with exit code {outcome.ExitCode}";
            throw new PythonRuntimeException(ExitCodes.Environment, $"'{spec}' {reason}. Last output:{Environment.NewLine}{tail}");
        }
    }
}
