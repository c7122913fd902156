using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution.Python;

/// <summary>
/// Finds the interpreter for a function's python_version: <c>python3.X</c> on PATH, else <c>python3</c> (and
/// says so). Each candidate is asked once for its real <c>sys.executable</c>, and the answer is cached in the
/// state folder keyed by PATH, because a version-manager shim such as pyenv's adds hundreds of milliseconds
/// to every start while the real binary starts in tens.
/// </summary>
public sealed class PythonInterpreterResolver
{
    private const string Probe = "import json, sys; print(json.dumps([sys.executable, '%d.%d.%d' % sys.version_info[:3]]))";
    private readonly string? _cacheFile;
    private readonly ConcurrentDictionary<PythonVersion, Task<PythonInterpreter>> _resolved = new();
    private readonly SemaphoreSlim _cacheGate = new(1, 1);

    /// <param name="stateDirectory">The state folder to cache answers in, or null for no cache on disk.</param>
    public PythonInterpreterResolver(string? stateDirectory)
    {
        _cacheFile = stateDirectory is null ? null : Path.Combine(stateDirectory, "interpreters.json");
    }

    /// <summary>Resolves the interpreter for <paramref name="version"/>.</summary>
    /// <exception cref="PythonRuntimeException">No usable Python 3 is on PATH.</exception>
    public async Task<PythonInterpreter> ResolveAsync(PythonVersion version, CancellationToken cancellationToken)
    {
        var pending = _resolved.GetOrAdd(version, v => ResolveUncachedAsync(v, cancellationToken));
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch
        {
            // Keep only answers: a failed or cancelled lookup is tried again by the next run.
            _resolved.TryRemove(KeyValuePair.Create(version, pending));
            throw;
        }
    }

    private async Task<PythonInterpreter> ResolveUncachedAsync(PythonVersion version, CancellationToken cancellationToken)
    {
        var cacheKey = $"{version.ToName()}|{PathFingerprint()}";
        var cached = await ReadCacheAsync(cancellationToken).ConfigureAwait(false);
        if (cached.TryGetValue(cacheKey, out var hit) && File.Exists(hit.Executable))
        {
            return hit with { Requested = version };
        }

        var wanted = $"python{version.ToNumber()}";
        var interpreter = await ProbeAsync(wanted, cancellationToken).ConfigureAwait(false);
        var substituted = false;
        if (interpreter is null || !interpreter.Value.Version.StartsWith(version.ToNumber() + ".", StringComparison.Ordinal))
        {
            interpreter = await ProbeAsync("python3", cancellationToken).ConfigureAwait(false);
            substituted = true;
        }

        if (interpreter is not { } found)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"No Python interpreter was found: neither '{wanted}' nor 'python3' runs. Install Python 3 (for example 'apt-get install python3 python3-venv').");
        }

        var result = new PythonInterpreter(found.Executable, found.Version, version, substituted && !found.Version.StartsWith(version.ToNumber() + ".", StringComparison.Ordinal));
        await WriteCacheAsync(cacheKey, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<(string Executable, string Version)?> ProbeAsync(string command, CancellationToken cancellationToken)
    {
        var path = FindOnPath(command);
        if (path is null)
        {
            return null;
        }

        var lines = new List<string>();
        ProcessOutcome outcome;
        try
        {
            outcome = await ChildProcessRunner.RunAsync(
                new ProcessSpec(path, ["-c", Probe]),
                (line, isError) =>
                {
                    if (!isError)
                    {
                        lock (lines)
                        {
                            lines.Add(line);
                        }
                    }
                },
                TimeSpan.FromSeconds(20),
                cancellationToken).ConfigureAwait(false);
        }
        catch (PythonRuntimeException)
        {
            return null;
        }

        if (outcome.ExitCode != 0 || lines.Count == 0)
        {
            return null;
        }

        var answer = JsonSerializer.Deserialize<string[]>(lines[^1]);
        return answer is [var executable, var version] && File.Exists(executable) ? (executable, version) : null;
    }

    private static string? FindOnPath(string command)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string PathFingerprint()
    {
        var text = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + "|" + (Environment.GetEnvironmentVariable("PYENV_VERSION") ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private async Task<Dictionary<string, PythonInterpreter>> ReadCacheAsync(CancellationToken cancellationToken)
    {
        if (_cacheFile is null || !File.Exists(_cacheFile))
        {
            return [];
        }

        try
        {
            var text = await File.ReadAllTextAsync(_cacheFile, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Dictionary<string, PythonInterpreter>>(text) ?? [];
        }
        catch (JsonException)
        {
            // A damaged cache only costs a new probe.
            return [];
        }
    }

    private async Task WriteCacheAsync(string key, PythonInterpreter interpreter, CancellationToken cancellationToken)
    {
        if (_cacheFile is null)
        {
            return;
        }

        await _cacheGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cache = await ReadCacheAsync(cancellationToken).ConfigureAwait(false);
            cache[key] = interpreter;
            Directory.CreateDirectory(Path.GetDirectoryName(_cacheFile)!);
            await AtomicFile.WriteAllTextAsync(_cacheFile, JsonSerializer.Serialize(cache, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cacheGate.Release();
        }
    }
}
