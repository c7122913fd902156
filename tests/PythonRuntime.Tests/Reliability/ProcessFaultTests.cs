using PythonRuntime.Diagnostics;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>
/// Signals and kills aimed at the build host while it runs Python (reliability bar F27, F28): SIGINT/SIGTERM during a
/// local job and while a local service starts end the handler and every process it started, mark the run STOPPED and
/// exit 130; <c>kill -9</c> of the host leaves a readable store, a run reported as not finished, no Python process
/// behind, and a rerun that works without cleanup.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ProcessFaultTests
{
    private const string Spawn = """
        import os, subprocess, sys, time

        def _start_and_wait():
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            with open(os.environ["MARKER"], "a") as f:
                f.write(f"{os.getpid()};\n{child.pid};\n")
            time.sleep(120)
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_during_a_local_job_ends_the_handler_and_its_children_and_marks_the_run_stopped(string signal)
    {
        using var repo = new TempRepository();
        var marker = AddFunction(repo, "slow", Spawn + "\ndef handler(count=1):\n    _start_and_wait()\n", serve: false);
        using var host = HostProcess.Start(new Dictionary<string, string> { ["MARKER"] = marker }, "--target=Run", "--function=slow", "--local", $"--working={repo.Root}");
        var pids = await ProcessWatch.PidsAsync(marker, 2, Bound);

        Posix.Run("kill", $"-{signal}", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await host.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Cancelled), result.ToString());
        HostAssert.NoStackTrace(result);
        await ProcessWatch.AssertGoneAsync(pids, TimeSpan.FromSeconds(15), "the handler and the process it started");
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.StandardOutput, Does.Contain("STOPPED"), runs.ToString());
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_while_a_local_service_starts_ends_it_and_its_children_and_marks_the_run_stopped(string signal)
    {
        using var repo = new TempRepository();
        var marker = AddFunction(repo, "slow-service", Spawn + "\ndef init(context):\n    _start_and_wait()\n\ndef handler(context, event):\n    return 'never'\n", serve: true);
        using var host = HostProcess.Start(new Dictionary<string, string> { ["MARKER"] = marker }, "--target=Run", "--function=slow-service", "--action=serve", "--local", $"--working={repo.Root}");
        var pids = await ProcessWatch.PidsAsync(marker, 2, Bound);

        Posix.Run("kill", $"-{signal}", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await host.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Cancelled), result.ToString());
        HostAssert.NoStackTrace(result);
        await ProcessWatch.AssertGoneAsync(pids, TimeSpan.FromSeconds(15), "the service and the process its init started");
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.StandardOutput, Does.Contain("STOPPED"), runs.ToString());
    }

    [Test]
    public async Task Stop_of_a_local_service_ends_the_processes_its_handler_started()
    {
        using var repo = new TempRepository();
        var marker = AddFunction(repo, "svc", "import os, subprocess, sys\n\ndef init(context):\n    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n    with open(os.environ['MARKER'], 'a') as f:\n        f.write(f'{os.getpid()};\\n{child.pid};\\n')\n\ndef handler(context, event):\n    return 'hi'\n", serve: true);
        var environment = new Dictionary<string, string> { ["MARKER"] = marker };
        var started = await ChildProcess.RunAsync(Repository.PathOf("build.sh"), ["--target=Run", "--function=svc", "--action=serve", "--local", "--result-file=serve.json", $"--working={repo.Root}"], environment: environment);
        Assert.That(started.ExitCode, Is.Zero, started.ToString());
        var pids = await ProcessWatch.PidsAsync(marker, 2, Bound);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Root, "serve.json")));

        var stopped = await ChildProcess.BuildShAsync("--target=Stop", $"--run={document.RootElement.GetProperty("id").GetString()}", $"--working={repo.Root}");

        Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
        await ProcessWatch.AssertGoneAsync(pids, TimeSpan.FromSeconds(15), "the service and the process its init started");
    }

    [Test]
    public async Task Kill_9_of_the_host_during_a_local_job_leaves_a_readable_store_no_python_process_no_secret_file_and_a_working_rerun()
    {
        using var repo = new TempRepository();
        var canary = new Secrets.SecretCanary("killed");
        repo.WriteFile("secrets.local.yaml", $"api-token:\n  token: {canary.Value}\n");
        var marker = AddFunction(repo, "slow", Spawn + "\ndef handler(count=1):\n    if count == 1:\n        _start_and_wait()\n    return count\n", serve: false, "tasks:\n  job: {secrets: [api-token]}\n");
        using var host = HostProcess.Start(new Dictionary<string, string> { ["MARKER"] = marker }, "--target=Run", "--function=slow", "--local", $"--working={repo.Root}");
        var pids = await ProcessWatch.PidsAsync(marker, 2, Bound);
        var secretFolders = new Secrets.SearchSource("secret folders", () => Directory.EnumerateDirectories(Path.GetTempPath(), "pythonruntime-secrets-*").SelectMany(f => Secrets.SearchSource.Files(f, f).Items()));
        Assert.That(canary.FindIn(secretFolders), Is.Not.Empty, "the running job has its secret file");

        host.KillHard();

        await ProcessWatch.AssertGoneAsync(pids, TimeSpan.FromSeconds(10), "the job's processes after their tool was killed");
        Assert.That(canary.FindIn(secretFolders), Is.Empty, "no secret file outlives a killed run");
        var database = Path.Combine(repo.Root, ".pythonruntime", "store.db");
        Assert.That(PythonRuntime.Tests.Store.RawDatabase.Scalar(database, "PRAGMA integrity_check;"), Is.EqualTo("ok"));
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.ExitCode, Is.Zero, runs.ToString());
        Assert.That(runs.StandardOutput, Does.Contain("RUNNING (not finished: its process ended)"));
        var rerun = await ChildProcess.BuildShAsync("--target=Run", "--function=slow", "--local", "--param=count=2", $"--working={repo.Root}");
        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(rerun.Output, Does.Contain("COMPLETED"));
    }

    private static string AddFunction(TempRepository repo, string name, string code, bool serve, string extra = "")
    {
        var init = serve ? "init_function: init\n" : string.Empty;
        repo.AddFunction(name, $"name: {name}\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\n{init}{extra}");
        repo.WriteFile($"functions/{name}/main.py", code);
        return Path.Combine(repo.Root, $"{name}.pids");
    }
}
