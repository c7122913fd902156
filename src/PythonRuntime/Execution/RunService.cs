using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution.Docker;
using PythonRuntime.Execution.Http;
using PythonRuntime.Execution.Local;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Runs functions and manages their runs: the one entry point the SDK and the build targets share. It records
/// the function version and the run in the store, resolves inputs (entity keys) to local files, hands the run to
/// the executor, and offers invoke, stop and listing afterwards.
/// </summary>
public sealed class RunService : IAsyncDisposable
{
    private readonly RunStore _store;
    private readonly RunServiceOptions _options;
    private readonly LocalExecutor _local;
    private readonly ServiceInvoker _invoker = new();

    private RunService(RunStore store, RunServiceOptions options)
    {
        _store = store;
        _options = options;
        _local = new LocalExecutor(store, options, options.Log);
    }

    /// <summary>Gets the store the runs are kept in.</summary>
    public RunStore Store => _store;

    /// <summary>Opens the store under the options' state folder.</summary>
    public static async Task<RunService> OpenAsync(RunServiceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A bad engine address is refused before any run is recorded.
        Images.DockerCli.CheckHost(options.Images.DockerHost);
        var store = await RunStore.OpenAsync(options.ResolvedStateDirectory, cancellationToken).ConfigureAwait(false);
        return new RunService(store, options);
    }

    /// <summary>
    /// Runs <paramref name="function"/>: a job to its end, a service until it is ready. Returns the run record; a run
    /// that failed is returned in the ERROR state with its error, not thrown.
    /// </summary>
    /// <exception cref="PythonRuntimeException">The request is invalid (unknown input key, unsupported executor).</exception>
    public async Task<RunRecord> RunAsync(FunctionDefinition function, ProjectSpec project, RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var kubernetes = request.Executor == RunExecutor.Kubernetes;
        if (request.Action == TaskAction.Build && request.Executor == RunExecutor.Local)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, "The build action needs the docker or kubernetes executor (--executor=docker or --executor=kubernetes); locally, './build.sh --target=Render' writes the Dockerfile and build context.");
        }

        var merged = request.Over(function.Spec.Run);
        var own = merged.Task is { } given ? given.Over(function.Spec.Tasks.For(merged.Action) ?? TaskSpec.Empty) : function.Spec.Tasks.For(merged.Action);
        var task = project.ResolveTask(merged.Action, own);
        if (kubernetes && merged.Action != TaskAction.Build && merged.Inputs.Count > 0)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The inputs {string.Join(", ", merged.Inputs.Keys)} cannot be delivered to a Kubernetes pod in this version; run jobs with inputs locally (--local) or in containers (--executor=docker).");
        }

        // A build does not call the handler, so the run's inputs are neither needed nor resolved.
        var inputs = merged.Action == TaskAction.Build
            ? new Dictionary<string, RunnerInput>()
            : await ResolveInputsAsync(merged.Inputs, cancellationToken).ConfigureAwait(false);

        await _store.EnsureProjectAsync(project.Name, cancellationToken).ConfigureAwait(false);
        var version = await _store.RecordFunctionAsync(project.Name, function.Spec.Name, SpecJson.Serialize(function.Spec), cancellationToken).ConfigureAwait(false);
        var stored = new StoredRunSpec(
            version.Key.ToString(),
            Spellings.Of(merged.Action),
            merged.Executor.ToString().ToLowerInvariant(),
            merged.Inputs,
            merged.Parameters,
            merged.InitParameters,
            task);
        var run = await _store.CreateRunAsync(project.Name, function.Spec.Name, version.Id, merged.Action, merged.Executor, SpecJson.Serialize(stored), cancellationToken: cancellationToken).ConfigureAwait(false);
        _options.Log.Info($"{function.Spec.Name}: run {run.Id} ({Spellings.Of(merged.Action)}, {merged.Executor.ToString().ToLowerInvariant()})");
        var context = new RunContext(function, project, merged, task, run, version, inputs);
        if (kubernetes)
        {
            return merged.Action switch
            {
                TaskAction.Serve => await new KubernetesServeExecutor(_store, _options, _options.Log).StartServiceAsync(context, cancellationToken).ConfigureAwait(false),
                TaskAction.Build => await new KubernetesBuildExecutor(_store, _options, _options.Log).RunBuildAsync(context, cancellationToken).ConfigureAwait(false),
                _ => await new KubernetesJobExecutor(_store, _options, _options.Log).RunJobAsync(context, cancellationToken).ConfigureAwait(false),
            };
        }

        if (merged.Executor == RunExecutor.Docker)
        {
            var docker = new DockerExecutor(_store, _options, _options.Log);
            return merged.Action switch
            {
                TaskAction.Build => await docker.BuildAsync(context, cancellationToken).ConfigureAwait(false),
                TaskAction.Serve => await docker.StartServiceAsync(context, cancellationToken).ConfigureAwait(false),
                _ => await docker.RunJobAsync(context, cancellationToken).ConfigureAwait(false),
            };
        }

        return merged.Action == TaskAction.Serve
            ? await _local.StartServiceAsync(context, cancellationToken).ConfigureAwait(false)
            : await _local.RunJobAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a run by id or unique id prefix.</summary>
    public Task<RunRecord> GetAsync(string idOrPrefix, CancellationToken cancellationToken = default) =>
        _store.GetRunAsync(idOrPrefix, cancellationToken);

    /// <summary>Lists runs, newest first.</summary>
    public Task<IReadOnlyList<RunSummary>> ListAsync(int limit = 50, CancellationToken cancellationToken = default) =>
        _store.ListRunsAsync(null, limit, cancellationToken);

    /// <summary>Calls a running service.</summary>
    /// <exception cref="PythonRuntimeException">The run is not a running service, or it cannot be reached.</exception>
    public async Task<InvokeResponse> InvokeAsync(string runId, InvokeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        string url;
        if (request.Url is { } given)
        {
            url = given;
        }
        else
        {
            EnsureServing(run);
            url = run.Service!.Url;
        }

        return await _invoker.InvokeAsync(url, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a service run; stopping a run that already ended returns it unchanged.</summary>
    public async Task<RunRecord> StopAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run.IsFinal)
        {
            return run;
        }

        if (run.Action != TaskAction.Serve)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The run '{run.Id}' is a {Spellings.Of(run.Action)} run; only services are stopped (a job ends by itself, Ctrl+C stops one in progress).");
        }

        return run.Executor switch
        {
            RunExecutor.Docker => await new DockerExecutor(_store, _options, _options.Log).StopServiceAsync(run, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false),
            RunExecutor.Kubernetes => await new KubernetesServeExecutor(_store, _options, _options.Log).StopServiceAsync(run, cancellationToken).ConfigureAwait(false),
            _ => await _local.StopServiceAsync(run, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Deletes <paramref name="function"/>'s Deployment and Service from the cluster namespace (found by labels,
    /// whichever run or release applied them) and stops its kubernetes serve runs there. Returns "Kind/name" of each deleted object.
    /// </summary>
    public Task<IReadOnlyList<string>> UndeployAsync(FunctionDefinition function, ProjectSpec project, CancellationToken cancellationToken = default) =>
        new KubernetesServeExecutor(_store, _options, _options.Log).UndeployAsync(function, project, cancellationToken);

    /// <summary>Resolves an output entity key to its local file.</summary>
    public Task<ArtifactRecord> ResolveAsync(string entityKey, CancellationToken cancellationToken = default) =>
        _store.ResolveAsync(entityKey, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static void EnsureServing(RunRecord run)
    {
        if (run.Action != TaskAction.Serve)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The run '{run.Id}' is a {Spellings.Of(run.Action)} run, not a service; invoke needs a serve run.");
        }

        if (run.IsOrphaned)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The service of run '{run.Id}' is no longer running (its process ended). Start it again with --target=Run --action=serve.");
        }

        if (run.State != RunState.Running || run.Service is null)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The run '{run.Id}' is {RunStates.ToText(run.State)}, not RUNNING; only a running service can be invoked.");
        }
    }

    private async Task<IReadOnlyDictionary<string, RunnerInput>> ResolveInputsAsync(IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var resolved = new SortedDictionary<string, RunnerInput>(StringComparer.Ordinal);
        foreach (var (parameter, text) in inputs)
        {
            var key = await LatestOrGivenAsync(text, cancellationToken).ConfigureAwait(false);
            var artifact = await _store.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
            resolved[parameter] = new RunnerInput(artifact.Key.ToString(), artifact.Key.Name, artifact.Path);
        }

        return resolved;
    }

    /// <summary>
    /// Turns <c>store://project/artifact/name:latest</c> into the key of the newest artifact of that name, so a
    /// definition can feed one function's output to another without knowing a run id in advance.
    /// </summary>
    private async Task<string> LatestOrGivenAsync(string text, CancellationToken cancellationToken)
    {
        const string Latest = ":latest";
        if (!text.EndsWith(Latest, StringComparison.Ordinal))
        {
            return text;
        }

        var probe = EntityKey.Parse(text[..^Latest.Length] + ":" + new string('0', 32));
        if (probe.Kind != EntityKind.Artifact)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"'{text}' uses ':latest', which only artifact keys support.");
        }

        var latest = await _store.LatestArtifactAsync(probe.Project, probe.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new PythonRuntimeException(ExitCodes.Usage, $"'{text}' names no artifact yet: no run of project '{probe.Project}' has produced an output named '{probe.Name}'. Run the function that produces it first.");
        return latest.ToString();
    }
}
