using System.Diagnostics;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>
/// Two build hosts at once on one repository (reliability bar F10): renders into the same folder, a lock holder killed
/// with -9, and local runs of different functions writing the one SQLite store together.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConcurrencyFaultTests
{
    private const string Commit = "--commit=0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Two_renders_at_once_both_succeed_and_leave_exactly_one_complete_render()
    {
        using var repo = new RenderRepository(functions: 4, filesPerFunction: 4);
        var reference = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit, "--out=reference");
        Assert.That(reference.ExitCode, Is.Zero, reference.ToString());

        var both = await Task.WhenAll(
            ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit),
            ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit));

        Assert.That(both.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", both.Select(r => r.ToString())));
        var output = RenderRepository.Snapshot(Path.Combine(repo.Root, "artifacts"));
        var expected = RenderRepository.Snapshot(Path.Combine(repo.Root, "reference"));
        Assert.That(output.Where(f => !Path.GetFileName(f.Key).StartsWith('.')), Is.EquivalentTo(expected.Where(f => !Path.GetFileName(f.Key).StartsWith('.'))));
        Assert.That(output.Keys.Where(k => k.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_render_waits_for_the_lock_holder_says_what_it_waits_for_and_proceeds_when_the_holder_is_killed_with_9()
    {
        using var repo = new RenderRepository(functions: 1, filesPerFunction: 1);
        var output = Path.Combine(repo.Root, "artifacts");
        Directory.CreateDirectory(output);
        var lockFile = Path.Combine(output, ".pythonruntime-render.lock");
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", lockFile, "sleep", "120"]) { UseShellExecute = false })!;
        await Task.Delay(300);
        using var waiter = HostProcess.Start(null, "--target=Render", $"--working={repo.Root}", Commit);

        await waiter.WaitForOutputAsync("Waiting for another process that holds the lock on the render output folder", Bound);
        Assert.That(Directory.Exists(Path.Combine(output, "fn-00")), Is.False, "nothing is written while another process holds the folder");
        var sleeper = Process.GetProcesses().Where(p => p.ProcessName == "sleep" && ParentOf(p.Id) == holder.Id).Select(p => p.Id).ToList();
        PythonRuntime.Processes.Signals.Kill(holder.Id);
        sleeper.ForEach(pid => PythonRuntime.Processes.Signals.Kill(pid));
        var result = await waiter.WaitAsync(Bound);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.Exists(Path.Combine(output, "fn-00", "Dockerfile")), Is.True);
    }

    [Test]
    public async Task Local_runs_of_different_functions_at_once_all_complete_and_the_store_stays_consistent()
    {
        using var repo = new TempRepository();
        var names = new[] { "alpha", "beta", "gamma" };
        foreach (var name in names)
        {
            repo.AddFunction(name, $"name: {name}\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\noutputs: [echo, data]\n");
            repo.WriteFile($"functions/{name}/main.py", $"def handler(n):\n    return '{name}-' + str(n), {{'n': n, 'rows': list(range(1000))}}\n");
        }

        var runs = await Task.WhenAll(names.SelectMany(name => Enumerable.Range(1, 2).Select(n =>
            ChildProcess.BuildShAsync("--target=Run", $"--function={name}", "--local", $"--param=n={n}", $"--result-file={name}-{n}.json", $"--working={repo.Root}"))));

        Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", runs.Select(r => r.ToString())));
        foreach (var name in names)
        {
            for (var n = 1; n <= 2; n++)
            {
                Assert.That(File.ReadAllText(Path.Combine(repo.Root, $"{name}-{n}.json")), Does.Contain($"\"{name}-{n}\""));
            }
        }

        var database = Path.Combine(repo.Root, ".pythonruntime", "store.db");
        Assert.That(PythonRuntime.Tests.Store.RawDatabase.Scalar(database, "PRAGMA integrity_check;"), Is.EqualTo("ok"));
        Assert.That(PythonRuntime.Tests.Store.RawDatabase.Scalar(database, "SELECT count(*) FROM runs WHERE state = 'COMPLETED';"), Is.EqualTo("6"));
        Assert.That(PythonRuntime.Tests.Store.RawDatabase.Scalar(database, "SELECT count(*) FROM artifacts;"), Is.EqualTo("6"));
        Assert.That(PythonRuntime.Tests.Store.RawDatabase.Scalar(database, "SELECT count(*) FROM run_outputs o LEFT JOIN artifacts a ON o.entity_key LIKE '%' || a.id WHERE a.id IS NULL;"), Is.EqualTo("0"), "every output names a stored artifact");
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
