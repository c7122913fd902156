using System.ComponentModel;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;

namespace PythonRuntime.Images;

/// <summary>
/// Calls the docker CLI with argument lists (never a shell line), streams its output line by line, and keeps the
/// lines for error messages. Secrets reach docker only through standard input or inherited environment variables
/// named in the arguments (<c>--build-arg NAME</c>, <c>--env NAME</c>), never as argument values.
/// </summary>
public sealed class DockerCli(string executable = "docker")
{
    private const int MaxKeptLines = 4_000;

    // Only the default CLI talks to the engine's socket directly; a substituted CLI (tests, wrappers) sees every call.
    private readonly Lazy<DockerEngineApi?> _api = new(() => executable == "docker" ? DockerEngineApi.TryCreate() : null);

    /// <summary>Gets the CLI this instance calls.</summary>
    public string Executable { get; } = executable;

    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/> to its end.</summary>
    /// <param name="arguments">The arguments after <c>docker</c>.</param>
    /// <param name="onLine">Called for each output line (true for standard error).</param>
    /// <param name="standardInput">Text written to the CLI's standard input (a password for <c>login --password-stdin</c>).</param>
    /// <param name="environment">Variables added to (or, with null, removed from) the CLI's environment.</param>
    /// <param name="timeout">The longest the call may take.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="PythonRuntimeException">The docker CLI is not installed.</exception>
    public async Task<DockerResult> RunAsync(
        IReadOnlyList<string> arguments,
        Action<string, bool>? onLine = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var lines = new List<string>();
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // The classic builder prints "Step n/m" and "Using cache" lines, which the build log and its checks read.
            ["DOCKER_BUILDKIT"] = "0",
            ["DOCKER_CLI_HINTS"] = "false",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        var spec = new ProcessSpec(Executable, arguments) { Environment = env, StandardInput = standardInput, StopGrace = TimeSpan.FromSeconds(15) };
        ProcessOutcome outcome;
        try
        {
            outcome = await ChildProcessRunner.RunAsync(
                spec,
                (line, isError) =>
                {
                    lock (lines)
                    {
                        if (lines.Count == MaxKeptLines)
                        {
                            lines.RemoveAt(0);
                        }

                        lines.Add(line);
                    }

                    onLine?.Invoke(line, isError);
                },
                timeout,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex) when (ex.InnerException is Win32Exception or FileNotFoundException)
        {
            throw Missing(ex);
        }

        lock (lines)
        {
            return new DockerResult(outcome.ExitCode, outcome.Cancelled, lines.ToArray(), outcome.TimedOut);
        }
    }

    /// <summary>Checks that the engine answers (its ping on the local socket, else <c>docker version</c>); returns how it answered.</summary>
    /// <exception cref="PythonRuntimeException">The CLI is missing or the engine does not answer (exit code 5).</exception>
    public async Task<string> RequireEngineAsync(CancellationToken cancellationToken)
    {
        if (_api.Value is { } api)
        {
            try
            {
                if (await api.PingAsync(cancellationToken).ConfigureAwait(false))
                {
                    return "local socket";
                }
            }
            catch (HttpRequestException)
            {
                // The CLI below says what is wrong, in docker's own words.
            }
        }

        var result = await RunAsync(["version", "--format", "{{.Server.Version}}"], timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Succeeded)
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"The Docker engine does not answer ('{Executable} version' said: {result.Tail(2)}). Start it (as root: eng/test-env.sh starts one), or point DOCKER_HOST at a running engine.");
        }

        return result.Lines.LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "unknown";
    }

    /// <summary>Gets the local image id of <paramref name="reference"/>, or null when the engine has no such image.</summary>
    public async Task<string?> ImageIdAsync(string reference, CancellationToken cancellationToken)
    {
        if (_api.Value is { } api)
        {
            try
            {
                return await api.ImageIdAsync(reference, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // Fall through to the CLI, whose message says what is wrong with the engine.
            }
        }

        var result = await RunAsync(["image", "inspect", "--format", "{{.Id}}", reference], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Succeeded)
        {
            return result.Lines.FirstOrDefault(line => line.StartsWith("sha256:", StringComparison.Ordinal))?.Trim();
        }

        if (DockerFailure.Classify(result.Text) == DockerFailureKind.DaemonUnavailable)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"The Docker engine stopped answering: {result.Tail(2)}");
        }

        return null;
    }

    /// <summary>Adds <paramref name="target"/> as another name of the local image <paramref name="source"/>.</summary>
    /// <exception cref="PythonRuntimeException">Docker refused.</exception>
    public async Task TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var colon = target.LastIndexOf(':');
        if (_api.Value is { } api && colon > target.LastIndexOf('/'))
        {
            try
            {
                if (await api.TagAsync(source, target[..colon], target[(colon + 1)..], cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Fall through to the CLI.
            }
        }

        var result = await RunAsync(["tag", source, target], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Succeeded)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"docker tag {source} {target} failed: {result.Tail(3)}");
        }
    }

    private PythonRuntimeException Missing(Exception inner) =>
        new(ExitCodes.Environment, $"The docker CLI '{Executable}' was not found. Install Docker (Debian: apt-get install docker.io), or run functions with --local.", inner);
}
