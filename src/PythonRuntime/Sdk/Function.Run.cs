using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Validation;

namespace PythonRuntime.Sdk;

/// <content>Running the function: the seed's <c>function.run(action, ...)</c>.</content>
public sealed partial class Function
{
    /// <summary>
    /// Runs the function, as the seed's <c>function.run(action, local_execution, inputs, parameters, init_parameters,
    /// ...task parameters)</c>: a job runs to its end, a service until it is ready. Task parameters given here win
    /// over the definition's task, its profile and the project defaults, and pass the same rules.
    /// </summary>
    /// <param name="action"><c>job</c>, <c>serve</c> or <c>build</c>.</param>
    /// <param name="localExecution">True runs the handler as a process on this machine, false in a container of the local Docker engine (the image is built first when needed); the definition's <c>run.local_execution</c> when null.</param>
    /// <param name="inputs">Inputs by handler parameter name, each an entity key (for example another run's <c>Output(name, asKey: true)</c>).</param>
    /// <param name="parameters">Parameters by name; values are serialized to JSON.</param>
    /// <param name="initParameters">Parameters of the init function by name.</param>
    /// <exception cref="PythonRuntimeException">An argument is invalid; every problem is listed.</exception>
    public Run Run(
        string action,
        bool? localExecution = null,
        IReadOnlyDictionary<string, string>? inputs = null,
        IReadOnlyDictionary<string, object?>? parameters = null,
        IReadOnlyDictionary<string, object?>? initParameters = null,
        IReadOnlyList<NodeSelectorEntry>? nodeSelector = null,
        IReadOnlyList<VolumeSpec>? volumes = null,
        ResourcesSpec? resources = null,
        JsonElement? affinity = null,
        IReadOnlyList<TolerationSpec>? tolerations = null,
        IReadOnlyList<EnvVarSpec>? envs = null,
        IReadOnlyList<string>? secrets = null,
        string? profile = null,
        int? replicas = null,
        string? serviceType = null,
        IReadOnlyList<string>? instructions = null,
        TimeSpan? timeout = null,
        SdkOptions? options = null) =>
        RunAsync(action, localExecution, inputs, parameters, initParameters, nodeSelector, volumes, resources, affinity, tolerations, envs, secrets, profile, replicas, serviceType, instructions, timeout, options)
            .GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public async Task<Run> RunAsync(
        string action,
        bool? localExecution = null,
        IReadOnlyDictionary<string, string>? inputs = null,
        IReadOnlyDictionary<string, object?>? parameters = null,
        IReadOnlyDictionary<string, object?>? initParameters = null,
        IReadOnlyList<NodeSelectorEntry>? nodeSelector = null,
        IReadOnlyList<VolumeSpec>? volumes = null,
        ResourcesSpec? resources = null,
        JsonElement? affinity = null,
        IReadOnlyList<TolerationSpec>? tolerations = null,
        IReadOnlyList<EnvVarSpec>? envs = null,
        IReadOnlyList<string>? secrets = null,
        string? profile = null,
        int? replicas = null,
        string? serviceType = null,
        IReadOnlyList<string>? instructions = null,
        TimeSpan? timeout = null,
        SdkOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (!Spellings.Actions.TryGetValue(action ?? string.Empty, out var kind))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The action '{action}' is not valid; use job, serve or build.");
        }

        ServiceType? service = null;
        if (serviceType is not null)
        {
            service = Spellings.ServiceTypes.TryGetValue(serviceType, out var parsed)
                ? parsed
                : throw new PythonRuntimeException(ExitCodes.Usage, $"The service type '{serviceType}' is not valid; use one of: {string.Join(", ", Spellings.ServiceTypes.Keys)}.");
        }

        var task = new TaskSpec
        {
            NodeSelector = nodeSelector,
            Volumes = volumes,
            Resources = resources,
            Affinity = affinity,
            Tolerations = tolerations,
            Envs = envs,
            Secrets = secrets,
            Profile = profile,
            Replicas = replicas,
            ServiceType = service,
            Instructions = instructions,
        };
        var request = new RunRequest
        {
            Action = kind,
            Executor = (localExecution ?? Spec.Run.LocalExecution) ? RunExecutor.Local : RunExecutor.Docker,
            Inputs = inputs ?? new Dictionary<string, string>(),
            Parameters = ToJson(parameters),
            InitParameters = ToJson(initParameters),
            Task = task,
            Timeout = timeout,
        };
        CheckRunArguments(kind, task, request);

        var project = Project?.Spec ?? new ProjectSpec { Name = Spec.Project ?? string.Empty };
        var serviceOptions = ServiceOptions(options ?? new SdkOptions());
        await using var runs = await RunService.OpenAsync(serviceOptions, cancellationToken).ConfigureAwait(false);
        var record = await runs.RunAsync(ToDefinition(), project, request, cancellationToken).ConfigureAwait(false);
        return new Run(record, serviceOptions);
    }

    /// <summary>Gets the run options the SDK uses for this function's runs.</summary>
    internal RunServiceOptions ServiceOptions(SdkOptions options)
    {
        var root = Project?.Root ?? Environment.CurrentDirectory;
        return new RunServiceOptions(root) { StateDirectory = options.StateDirectory, PipIndexUrl = options.PipIndexUrl, Log = options.Log };
    }

    private void CheckRunArguments(TaskAction action, TaskSpec task, RunRequest request)
    {
        // Task parameters given to Run pass the same rules as a task in a definition file.
        var merged = task.Over(Spec.Tasks.For(action) ?? TaskSpec.Empty);
        var tasks = action switch
        {
            TaskAction.Build => Spec.Tasks with { Build = merged },
            TaskAction.Serve => Spec.Tasks with { Serve = merged },
            _ => Spec.Tasks with { Job = merged },
        };
        var run = new RunSpec { Inputs = request.Inputs, Parameters = request.Parameters, InitParameters = request.InitParameters, LocalExecution = true };
        var diagnostics = new DiagnosticBag();
        var scope = new ValidationScope(diagnostics, SourceMap.Sdk, SdkFieldNames.Display);
        FunctionValidator.Validate(Spec with { Tasks = tasks, Run = run }, new FunctionContext(Project?.Spec, Directory), scope);
        diagnostics.ThrowIfErrors();
    }

    private static IReadOnlyDictionary<string, JsonElement> ToJson(IReadOnlyDictionary<string, object?>? values)
    {
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in values ?? new Dictionary<string, object?>())
        {
            result[name] = value is JsonElement element ? element : JsonSerializer.SerializeToElement(value);
        }

        return result;
    }
}
