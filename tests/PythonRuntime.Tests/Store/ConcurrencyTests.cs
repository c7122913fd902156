using System.Diagnostics;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

/// <summary>
/// Two writers on one state folder. Two <see cref="RunStore"/> instances with pooling off open a connection per
/// operation, each with its own file handles and SQLite locks, as two processes would; the tests that need a
/// genuinely separate process use python3's sqlite3 module on the same database file.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int RunsPerWriter = 200;

    private string _folder = string.Empty;

    [SetUp]
    public void CreateFolder() => _folder = TempFolders.Create();

    [TearDown]
    public void DeleteFolder() => TempFolders.Delete(_folder);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public async Task Many_instances_opening_a_fresh_store_at_once_create_the_schema_once(int round)
    {
        var folder = Path.Combine(_folder, $"round-{round}");

        // An async gate, not a Barrier: blocking eight pool threads on two cores would only measure thread injection.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opens = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await using var store = await RunStore.OpenAsync(folder, new StoreOptions { Pooling = false });
            return (await store.RecordFunctionAsync("demo", "hello", "{}")).Id;
        })).ToList();

        start.SetResult();
        var ids = await Task.WhenAll(opens);

        Assert.That(ids.Distinct().Count(), Is.EqualTo(1), "every instance must see the one function version");
        Assert.That(RawDatabase.Scalar(Path.Combine(folder, "store.db"), "PRAGMA user_version;"), Is.EqualTo(StoreSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Two_writers_create_two_hundred_runs_each_without_losing_one()
    {
        await using var first = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false });
        await using var second = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false });
        var function = await first.RecordFunctionAsync("demo", "hello", "{}");

        var created = await Task.WhenAll(Writer(first, function.Id), Writer(second, function.Id));

        var all = await first.ListRunsAsync("demo", limit: 1000);
        Assert.That(all, Has.Count.EqualTo(2 * RunsPerWriter));
        Assert.That(all.Select(r => r.Id), Is.EquivalentTo(created.SelectMany(ids => ids)));
        Assert.That(all.All(r => r.State == RunState.Created), Is.True);
    }

    [Test]
    public async Task A_write_waits_for_another_process_holding_the_write_lock()
    {
        await using var store = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false });
        var function = await store.RecordFunctionAsync("demo", "hello", "{}");
        using var holder = HoldWriteLock(store.DatabasePath, seconds: 0.5);

        var clock = Stopwatch.StartNew();
        var run = await store.CreateRunAsync("demo", "hello", function.Id, TaskAction.Job, RunExecutor.Local, "{}");
        clock.Stop();

        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(0.25)), "the write should have waited for the other process");
        Assert.That(await holder.WaitForExitAsync(), Is.EqualTo(0), "the other process commits once it lets go");
        Assert.That((await store.GetRunAsync(run.Id)).State, Is.EqualTo(RunState.Created));
        Assert.That(await store.ListRunsAsync(), Has.Count.EqualTo(1));
        Assert.That(RawDatabase.Scalar(store.DatabasePath, "SELECT COUNT(*) FROM projects WHERE name = 'from-python';"), Is.EqualTo("1"));
    }

    [Test]
    public async Task A_lock_held_past_the_busy_timeout_is_a_clear_error()
    {
        await using var store = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        using var holder = HoldWriteLock(store.DatabasePath, seconds: 30);

        try
        {
            var error = Assert.ThrowsAsync<PythonRuntimeException>(() => store.EnsureProjectAsync("demo"))!;
            Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Environment));
            Assert.That(error.Message, Does.Contain("stayed locked by another process").And.Contain(store.DatabasePath));
        }
        finally
        {
            holder.Kill();
        }
    }

    [Test]
    public async Task A_writer_killed_mid_transaction_leaves_a_usable_store()
    {
        await using var store = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false });
        var run = await NewRunningRunAsync(store);
        using (var holder = HoldWriteLock(store.DatabasePath, seconds: 30))
        {
            holder.Kill();
        }

        // SIGKILL drops the other process's open transaction: its insert never happened and its lock is gone.
        await store.CompleteAsync(run.Id, RunState.Completed, new Dictionary<string, System.Text.Json.JsonElement>(), new Dictionary<string, string>(), null);
        await using var reopened = await RunStore.OpenAsync(_folder, new StoreOptions { Pooling = false });
        Assert.That((await reopened.GetRunAsync(run.Id)).State, Is.EqualTo(RunState.Completed));
        Assert.That(RawDatabase.Scalar(store.DatabasePath, "SELECT COUNT(*) FROM projects WHERE name = 'from-python';"), Is.EqualTo("0"), "the killed process's insert must not exist");
        Assert.That(RawDatabase.Scalar(store.DatabasePath, "PRAGMA integrity_check;"), Is.EqualTo("ok"));
    }

    private static async Task<RunRecord> NewRunningRunAsync(RunStore store)
    {
        var function = await store.RecordFunctionAsync("demo", "hello", "{}");
        var run = await store.CreateRunAsync("demo", "hello", function.Id, TaskAction.Job, RunExecutor.Local, "{}");
        await store.TransitionAsync(run.Id, RunState.Running);
        return run;
    }

    private static async Task<List<string>> Writer(RunStore store, string functionId)
    {
        await Task.Yield();
        var ids = new List<string>(RunsPerWriter);
        for (var i = 0; i < RunsPerWriter; i++)
        {
            var run = await store.CreateRunAsync("demo", "hello", functionId, TaskAction.Job, RunExecutor.Local, "{}");
            ids.Add(run.Id);
        }

        return ids;
    }

    /// <summary>Starts python3, which takes the database's write lock, inserts a project row and holds the lock.</summary>
    private static LockHolder HoldWriteLock(string databasePath, double seconds) => LockHolder.Start(databasePath, seconds);
}
