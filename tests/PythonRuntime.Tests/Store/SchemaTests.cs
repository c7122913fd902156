using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class SchemaTests
{
    private string _folder = string.Empty;

    [SetUp]
    public void CreateFolder() => _folder = TempFolders.Create();

    [TearDown]
    public void DeleteFolder() => TempFolders.Delete(_folder);

    [Test]
    public async Task A_fresh_store_has_the_layout_the_current_schema_and_wal()
    {
        var state = Path.Combine(_folder, ".pythonruntime");
        await using (var store = await RunStore.OpenAsync(state, new StoreOptions { Pooling = false }))
        {
            Assert.That(store.DatabasePath, Is.EqualTo(Path.Combine(state, "store.db")));
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(state, "store.db")), Is.True);
            Assert.That(Directory.Exists(Path.Combine(state, "artifacts")), Is.True);
            Assert.That(Directory.Exists(Path.Combine(state, "logs")), Is.True);
            Assert.That(Pragma(state, "user_version"), Is.EqualTo(StoreSchema.CurrentVersion.ToString()));
            Assert.That(Pragma(state, "journal_mode"), Is.EqualTo("wal"));
        });
    }

    [Test]
    public async Task Reopening_keeps_the_data_and_the_version()
    {
        string functionId;
        await using (var store = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false }))
        {
            functionId = (await store.RecordFunctionAsync("demo", "hello", "{}")).Id;
        }

        await using (var store = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false }))
        {
            var again = await store.RecordFunctionAsync("demo", "hello", "{}");
            Assert.That(again.Id, Is.EqualTo(functionId));
            Assert.That(again.IsNew, Is.False);
        }

        Assert.That(Pragma(_folder, "user_version"), Is.EqualTo(StoreSchema.CurrentVersion.ToString()));
    }

    [Test]
    public async Task A_store_from_a_newer_schema_is_refused_untouched()
    {
        await (await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false })).DisposeAsync();
        Execute(_folder, "PRAGMA user_version = 99;");

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false }))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain("schema version 99").And.Contain("newer PythonRuntime").And.Contain($"up to {StoreSchema.CurrentVersion}").And.Contain("store.db"));
        Assert.That(Pragma(_folder, "user_version"), Is.EqualTo("99"));
    }

    [Test]
    public void A_file_that_is_not_a_database_is_a_clear_error()
    {
        File.WriteAllText(Path.Combine(_folder, "store.db"), new string('x', 4096));

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false }))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain("damaged or not a store database").And.Contain("move it aside"));
    }

    [Test]
    public async Task A_disposed_store_refuses_further_work()
    {
        var store = await RunStore.OpenAsync(_folder);
        await store.DisposeAsync();
        await store.DisposeAsync();

        Assert.That(() => store.EnsureProjectAsync("demo"), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void The_default_state_folder_is_a_dot_folder_at_the_root()
    {
        Assert.That(RunStore.DefaultStateDirectory("/repo"), Is.EqualTo(Path.GetFullPath("/repo/.pythonruntime")));
    }

    private static string Pragma(string folder, string name) => RawDatabase.Scalar(Path.Combine(folder, "store.db"), $"PRAGMA {name};")!;

    private static void Execute(string folder, string sql) => RawDatabase.Execute(Path.Combine(folder, "store.db"), sql);
}
