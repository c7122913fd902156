using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Execution;

/// <summary>
/// A throwaway repository with a run service over its own state folder; functions are written as real files
/// and run by the real Python runner.
/// </summary>
public sealed class LocalRunFixture : IAsyncDisposable
{
    private LocalRunFixture(TempRepository repository, RunService service, RecordingRunLog log)
    {
        Repository = repository;
        Service = service;
        Log = log;
    }

    public TempRepository Repository { get; }

    public RunService Service { get; }

    public RecordingRunLog Log { get; }

    public ProjectSpec Project { get; } = new() { Name = "demo" };

    public static async Task<LocalRunFixture> CreateAsync()
    {
        var repository = new TempRepository();
        var log = new RecordingRunLog();
        var service = await RunService.OpenAsync(new RunServiceOptions(repository.Root) { Log = log });
        return new LocalRunFixture(repository, service, log);
    }

    /// <summary>Writes <c>main.py</c> for a function and returns its definition.</summary>
    public FunctionDefinition Function(string name, string code, Func<FunctionSpec, FunctionSpec>? change = null)
    {
        var folder = Path.Combine(Repository.Root, "functions", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), code);
        var spec = new FunctionSpec { Name = name, PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler" };
        return new FunctionDefinition(change?.Invoke(spec) ?? spec, folder, null);
    }

    public Task<RunRecord> JobAsync(FunctionDefinition function, object? parameters = null, IReadOnlyDictionary<string, string>? inputs = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Service.RunAsync(function, Project, new RunRequest
        {
            Action = TaskAction.Job,
            Parameters = Json(parameters),
            Inputs = inputs ?? new Dictionary<string, string>(),
            Timeout = timeout,
        }, cancellationToken);

    public static IReadOnlyDictionary<string, JsonElement> Json(object? values) =>
        values is null
            ? new Dictionary<string, JsonElement>()
            : JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Repository.Dispose();
    }
}
