using System.Text.Json;
using NUnit.Framework;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

/// <summary>Gives each test a fresh state folder and an open store, and removes both afterwards.</summary>
public abstract class StoreTestBase
{
    protected const string Project = "demo";

    protected const string HelloSpec = """{"name":"hello","handler":"main:handler"}""";

    protected string StateDirectory { get; private set; } = string.Empty;

    protected RunStore Store { get; private set; } = null!;

    [SetUp]
    public async Task OpenStore()
    {
        StateDirectory = TempFolders.Create();
        Store = await RunStore.OpenAsync(StateDirectory, Options());
    }

    [TearDown]
    public async Task CloseStore()
    {
        await Store.DisposeAsync();
        TempFolders.Delete(StateDirectory);
    }

    /// <summary>The default options (pooled connections); disposing the store closes them, so the folder can go.</summary>
    protected virtual StoreOptions Options() => StoreOptions.Default;

    protected Task<FunctionVersion> RecordHelloAsync(string spec = HelloSpec) => Store.RecordFunctionAsync(Project, "hello", spec);

    protected async Task<RunRecord> NewRunAsync(TaskAction action = TaskAction.Job, RunOwner? owner = null, RunStore? store = null)
    {
        store ??= Store;
        var function = await store.RecordFunctionAsync(Project, "hello", HelloSpec);
        return await store.CreateRunAsync(Project, "hello", function.Id, action, RunExecutor.Local, """{"parameters":{"name":"world"}}""", owner);
    }

    protected static IReadOnlyDictionary<string, JsonElement> NoResults { get; } = new Dictionary<string, JsonElement>();

    protected static IReadOnlyDictionary<string, string> NoOutputs { get; } = new Dictionary<string, string>();

    protected static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
