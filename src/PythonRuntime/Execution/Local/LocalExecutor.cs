using System.Diagnostics;
using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution.Code;
using PythonRuntime.Execution.Python;
using PythonRuntime.Processes;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Local;

/// <summary>
/// Runs functions on this machine with the shared Python runner: a job as a child process that is waited
/// for, a service as a detached process that outlives the command once it reports ready on its health port.
/// </summary>
public sealed partial class LocalExecutor(RunStore store, RunServiceOptions options, IRunLog log)
{
    private readonly PythonInterpreterResolver _interpreters = new(store.StateDirectory);
    private readonly VirtualEnvironmentCache _environments = new(store.StateDirectory);
    private readonly CodeStager _stager = new(store.StateDirectory);
    private readonly LocalSecrets _secrets = new(options.RepositoryRoot);

    /// <summary>Stages code and the Python environment of a run, moving it to BUILT.</summary>
    private async Task<LocalEnvironment> PrepareAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Function.Spec;
        var code = await _stager.StageAsync(context.Function, cancellationToken).ConfigureAwait(false);
        var interpreter = await _interpreters.ResolveAsync(spec.PythonVersion, cancellationToken).ConfigureAwait(false);
        if (interpreter.Substituted)
        {
            log.Info($"{spec.Name}: python_version {spec.PythonVersion.ToName()} asks for python{spec.PythonVersion.ToNumber()}, which is not on this machine; using {interpreter.Executable} ({interpreter.Version}) instead.");
        }

        var indexUrl = options.PipIndexUrl ?? context.Project.PipIndexUrl;
        var python = await _environments.EnsureAsync(interpreter, spec.Requirements, indexUrl, log.Info, cancellationToken).ConfigureAwait(false);
        var runner = await RunnerScript.ExtractAsync(store.StateDirectory, cancellationToken).ConfigureAwait(false);
        await store.TransitionAsync(context.Run.Id, RunState.Built, $"code {code.ContentHash} staged; Python {interpreter.Version}", cancellationToken).ConfigureAwait(false);
        return new LocalEnvironment(code, interpreter, python, runner);
    }

    /// <summary>
    /// Prepares everything a run needs on disk (code, Python, the runner spec, secret files) and moves it to READY.
    /// The secrets folder is also noted in the run folder so a later Stop, in another process, can delete it.
    /// </summary>
    private async Task<LocalRunFiles> StageAsync(RunContext context, bool serve, CancellationToken cancellationToken)
    {
        var environment = await PrepareAsync(context, cancellationToken).ConfigureAwait(false);
        var runDirectory = RunDirectory(context.Run.Id);
        var outputDirectory = Path.Combine(runDirectory, "out");
        Directory.CreateDirectory(outputDirectory);
        var specPath = Path.Combine(runDirectory, "spec.json");
        await WriteSpecAsync(specPath, RunnerSpecFor(context, environment, outputDirectory, serve), cancellationToken).ConfigureAwait(false);
        var secretsFolder = await WriteSecretsAsync(context, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(runDirectory, "secrets-folder"), secretsFolder ?? string.Empty, cancellationToken).ConfigureAwait(false);
        await store.TransitionAsync(context.Run.Id, RunState.Ready, null, cancellationToken).ConfigureAwait(false);
        return new LocalRunFiles(environment, outputDirectory, specPath, secretsFolder);
    }

    private RunnerSpec RunnerSpecFor(RunContext context, LocalEnvironment environment, string outputDirectory, bool serve) => new()
    {
        Project = context.Project.Name,
        Function = context.Function.Spec.Name,
        FunctionKey = context.Version.Key.ToString(),
        RunId = context.Run.Id,
        RunKey = context.Run.Key.ToString(),
        CodeDirectory = environment.Code.Directory,
        CodeSrc = environment.Code.CodeSrc,
        Handler = context.Function.Spec.Handler ?? throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The function '{context.Function.Spec.Name}' has no handler."),
        InitFunction = context.Function.Spec.InitFunction,
        InitParameters = context.Request.InitParameters,
        Parameters = serve ? new Dictionary<string, JsonElement>() : context.Request.Parameters,
        Inputs = serve ? new Dictionary<string, RunnerInput>() : context.Inputs,
        Outputs = context.Function.Spec.Outputs,
        OutputDirectory = outputDirectory,
        Host = serve ? "127.0.0.1" : null,
        Port = serve ? context.Request.Port : null,
        HealthPort = serve ? 0 : null,
    };

    private static Dictionary<string, string?> EnvironmentFor(RunContext context, string? secretsFolder)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONRUNTIME_SPEC"] = null,
            ["PYTHONRUNTIME_SECRETS_DIR"] = secretsFolder,

            // A local job's runner leads its own process group, so a stop reaches the processes the handler started too,
            // and ends that group when this process (its parent) is gone, even after a kill -9.
            ["PYTHONRUNTIME_PROCESS_GROUP"] = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // The handler sees only the secrets its task lists, as files; never the local secret variables themselves.
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(LocalSecrets.EnvironmentPrefix, StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        foreach (var env in context.Task.Envs ?? [])
        {
            environment[env.Name] = env.Value;
        }

        return environment;
    }

    private async Task<string?> WriteSecretsAsync(RunContext context, CancellationToken cancellationToken)
    {
        var names = context.Task.Secrets ?? [];
        if (names.Count == 0)
        {
            return null;
        }

        var values = await _secrets.ReadAsync(names, cancellationToken).ConfigureAwait(false);
        return LocalSecrets.WriteFiles(values);
    }

    private string RunDirectory(string runId) => Path.Combine(store.StateDirectory, "runs", runId);

    private static async Task WriteSpecAsync(string path, RunnerSpec spec, CancellationToken cancellationToken) =>
        await AtomicFile.WriteAllTextAsync(path, spec.ToJson(), cancellationToken).ConfigureAwait(false);

    private static DateTimeOffset StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (InvalidOperationException)
        {
            return DateTimeOffset.UtcNow;
        }
    }
}
