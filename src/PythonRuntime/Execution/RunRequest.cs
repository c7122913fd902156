using System.Text.Json;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// One run of a function, named after the seed's <c>function.run(action, local_execution, inputs, parameters,
/// init_parameters, ...task parameters)</c>. Values given here win over the definition's <c>run:</c> defaults;
/// <see cref="Task"/> wins over the definition's task, its profile and the project defaults.
/// </summary>
public sealed record RunRequest
{
    public required TaskAction Action { get; init; }

    public RunExecutor Executor { get; init; } = RunExecutor.Local;

    /// <summary>Gets inputs by handler parameter name; each value is an entity key such as <c>store://demo/artifact/dataset:ID</c>.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();

    public IReadOnlyDictionary<string, JsonElement> InitParameters { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Gets task parameters given with the run (the seed passes them to <c>run()</c>).</summary>
    public TaskSpec? Task { get; init; }

    /// <summary>Gets the longest a job may run, or null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the port a local service listens on (0 picks a free one).</summary>
    public int Port { get; init; }

    /// <summary>Gets how long a service may take to become ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Merges the definition's <c>run:</c> defaults under this request's values.</summary>
    public RunRequest Over(RunSpec defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return this with
        {
            Inputs = Merge(Inputs, defaults.Inputs),
            Parameters = Merge(Parameters, defaults.Parameters),
            InitParameters = Merge(InitParameters, defaults.InitParameters),
        };
    }

    private static IReadOnlyDictionary<string, T> Merge<T>(IReadOnlyDictionary<string, T> given, IReadOnlyDictionary<string, T> defaults)
    {
        var merged = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in defaults)
        {
            merged[key] = value;
        }

        foreach (var (key, value) in given)
        {
            merged[key] = value;
        }

        return merged;
    }
}
