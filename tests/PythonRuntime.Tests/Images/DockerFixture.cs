using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Execution;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// A throwaway repository with its own project name (so its images never meet another test's), a run service over
/// its own state folder, and image settings for the offline test environment: the local base image, host network
/// for builds, the local registry and the local wheel index.
/// </summary>
public sealed class DockerFixture : IAsyncDisposable
{
    private DockerFixture(TempRepository repository, RunService service, RecordingRunLog log, ProjectSpec project, DockerTestEnvironment environment)
    {
        Repository = repository;
        Service = service;
        Log = log;
        Project = project;
        Environment = environment;
    }

    public TempRepository Repository { get; }

    public RunService Service { get; }

    public RecordingRunLog Log { get; }

    public ProjectSpec Project { get; }

    public DockerTestEnvironment Environment { get; }

    public static async Task<DockerFixture> CreateAsync(string? registry = null, PushRetryOptions? retry = null)
    {
        var environment = DockerTestEnvironment.Require();
        var project = new ProjectSpec { Name = "t" + Guid.NewGuid().ToString("N")[..10], Registry = registry ?? environment.Registry };
        var repository = new TempRepository($"name: {project.Name}\n");
        var log = new RecordingRunLog();
        var service = await RunService.OpenAsync(Options(repository.Root, environment, log, project.Registry!, retry, push: false));
        return new DockerFixture(repository, service, log, project, environment);
    }

    public static RunServiceOptions Options(string root, DockerTestEnvironment environment, IRunLog log, string registry, PushRetryOptions? retry, bool push, string? dockerHost = null) =>
        new(root)
        {
            Log = log,
            PipIndexUrl = environment.WheelIndex,
            Images = new ImageBuildSettings { BaseImage = environment.BaseImage, Network = "host", Registry = registry, Push = push, PushRetry = retry ?? PushRetryOptions.Default, DockerHost = dockerHost },
        };

    /// <summary>Opens a second service over the same state, with other image settings (<paramref name="dockerHost"/>: the engine address).</summary>
    public Task<RunService> ServiceAsync(bool push, PushRetryOptions? retry = null, string? registry = null, string? dockerHost = null) =>
        RunService.OpenAsync(Options(Repository.Root, Environment, Log, registry ?? Project.Registry!, retry, push, dockerHost));

    /// <summary>Writes <c>main.py</c> for a function and returns its definition.</summary>
    public FunctionDefinition Function(string name, string code, Func<FunctionSpec, FunctionSpec>? change = null)
    {
        var folder = Path.Combine(Repository.Root, "functions", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), code);
        var spec = new FunctionSpec { Name = name, PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler" };
        return new FunctionDefinition(change?.Invoke(spec) ?? spec, folder, null);
    }

    public Task<RunRecord> RunAsync(FunctionDefinition function, TaskAction action, object? parameters = null, RunService? service = null, IReadOnlyDictionary<string, string>? inputs = null) =>
        (service ?? Service).RunAsync(function, Project, new RunRequest
        {
            Action = action,
            Executor = RunExecutor.Docker,
            Parameters = LocalRunFixture.Json(parameters),
            Inputs = inputs ?? new Dictionary<string, string>(),
            ReadyTimeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>Gets a string result of a run.</summary>
    public static string? Text(RunRecord run, string name) =>
        run.Results.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Repository.Dispose();
    }
}
