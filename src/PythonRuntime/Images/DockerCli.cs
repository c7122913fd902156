using System.ComponentModel;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;

namespace PythonRuntime.Images;

/// <summary>
/// Calls the docker CLI with argument lists (never a shell line), streams its output line by line, and keeps the
/// lines for error messages. Secrets reach docker only through standard input or inherited environment variables
/// named in the arguments (<c>--build-arg NAME</c>, <c>--env NAME</c>), never as argument values. With an engine
/// address (<c>--docker-host</c>) every call gets it as <c>DOCKER_HOST</c>.
/// </summary>
public sealed class DockerCli
{
    /// <summary>Where the docker CLI looks for the engine when neither an address nor <c>DOCKER_HOST</c> is given.</summary>
    public const string DefaultHost = "unix:///var/run/docker.sock";

    private const int MaxKeptLines = 4_000;

    private static readonly string[] HostSchemes = ["unix://", "tcp://", "ssh://", "npipe://", "fd://"];

    private readonly Lazy<DockerEngineApi?> _api;

    /// <summary>Initializes a new instance of the <see cref="DockerCli"/> class.</summary>
    /// <param name="executable">The CLI to call; only the default <c>docker</c> also talks to a local engine socket directly.</param>
    /// <param name="host">The engine address given to the CLI as <c>DOCKER_HOST</c>; null leaves the CLI's own choice.</param>
    /// <exception cref="PythonRuntimeException">The address is not a docker host address (exit code 2).</exception>
    public DockerCli(string executable = "docker", string? host = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Executable = executable;
        Host = CheckHost(host);

        // A substituted CLI (tests, wrappers) sees every call, so only the default one uses the socket directly.
        _api = new(() => executable == "docker" ? DockerEngineApi.TryCreate(Host) : null);
    }

    /// <summary>Gets the CLI this instance calls.</summary>
    public string Executable { get; }

    /// <summary>Gets the engine address given to every call as <c>DOCKER_HOST</c>, or null for the CLI's own choice.</summary>
    public string? Host { get; }

    /// <summary>Gets the engine address in effect, for messages: the given one, else <c>DOCKER_HOST</c>, else the default socket.</summary>
    public string EngineAddress =>
        Host ?? (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultHost);

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
        if (Host is not null)
        {
            env["DOCKER_HOST"] = Host;
        }

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

        var result = await VersionAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"The Docker engine at '{EngineAddress}' does not answer ('{Executable} version' said: {(result.TimedOut ? "no answer in 20 s" : result.Tail(2))}). {HowToStart}");
        }

        return result.Lines.LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "unknown";
    }

    /// <summary>Gets a value indicating whether the engine answers now (a short <c>docker version</c>).</summary>
    public async Task<bool> EngineAnswersAsync(CancellationToken cancellationToken) =>
        (await VersionAsync(cancellationToken).ConfigureAwait(false)).Succeeded;

    /// <summary>Gets what to do when the engine does not answer, for messages.</summary>
    public string HowToStart =>
        $"Start the Docker engine (systemctl start docker, or as root: eng/test-env.sh starts one), or give --docker-host=unix:///path/to/docker.sock (or tcp://, ssh://) for another engine; then run again.";

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

    private async Task<DockerResult> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["version", "--format", "{{.Server.Version}}"], timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>Checks an engine address (<c>--docker-host</c>); returns it.</summary>
    /// <exception cref="PythonRuntimeException">It is not a unix://, tcp://, ssh://, npipe:// or fd:// address, or holds spaces or control characters (exit code 2).</exception>
    public static string? CheckHost(string? host)
    {
        if (host is null)
        {
            return null;
        }

        if (!HostSchemes.Any(scheme => host.StartsWith(scheme, StringComparison.Ordinal) && host.Length > scheme.Length) || host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || Validation.Text.IsBidiControl(c)))
        {
            throw new PythonRuntimeException(
                ExitCodes.Usage,
                $"The Docker engine address '{Validation.Text.Clip(host, 200)}' is not valid; give --docker-host as unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST.");
        }

        return host;
    }

    private PythonRuntimeException Missing(Exception inner) =>
        new(ExitCodes.Environment, $"The docker CLI '{Executable}' was not found. Install Docker (Debian: apt-get install docker.io), or run functions with --local.", inner);
}
