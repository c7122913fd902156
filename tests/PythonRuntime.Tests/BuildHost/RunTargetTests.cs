using System.Diagnostics;
using System.Text.Json;
using PythonRuntime.Processes;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.BuildHost;

/// <summary>The run targets as users drive them: ./build.sh --target=Run/Invoke/Stop/Runs on a real repository.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RunTargetTests
{
    [Test]
    public async Task Run_types_parameters_and_writes_the_result_file()
    {
        using var repo = new TempRepository();
        repo.AddFunction("adder", "name: adder\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\noutputs: [sum, echo]\n");
        repo.WriteFile("functions/adder/main.py", "def handler(x, y, label):\n    return x + y, {'label': label}\n");
        var resultFile = Path.Combine(repo.Root, "result.json");

        var result = await ChildProcess.BuildShAsync("--target=Run", "--function=adder", "--local", "--param=x=2", "--param=y=40", "--param=label=hi there", $"--result-file={resultFile}", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(resultFile));
        var root = report.RootElement;
        Assert.That(root.GetProperty("state").GetString(), Is.EqualTo("COMPLETED"));
        Assert.That(root.GetProperty("results").GetProperty("sum").GetInt32(), Is.EqualTo(42));
        Assert.That(root.GetProperty("outputs").GetProperty("echo").GetString(), Does.StartWith("store://demo/artifact/echo:"));
        Assert.That(root.GetProperty("function_key").GetString(), Does.StartWith("store://demo/function/adder:"));
        Assert.That(root.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("state").GetString()), Is.EqualTo(new[] { "CREATED", "BUILT", "READY", "RUNNING", "COMPLETED" }));
        foreach (var field in new[] { "id", "key", "project", "function", "action", "executor", "error" })
        {
            Assert.That(root.TryGetProperty(field, out _), Is.True, field);
        }
    }

    [Test]
    public async Task A_failing_run_exits_4_and_names_the_error()
    {
        using var repo = new TempRepository();
        repo.AddFunction("broken", "name: broken\nkind: python\npython_version: PYTHON3_11\ncode: \"def handler():\\n    raise RuntimeError('bad input data')\\n\"\nhandler: handler\n");

        var result = await ChildProcess.BuildShAsync("--target=Run", "--function=broken", "--local", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
        Assert.That(result.Output, Does.Contain("ended in ERROR (handler): RuntimeError: bad input data"));
    }

    [Test]
    public async Task Serve_invoke_stop_and_runs_work_across_separate_commands()
    {
        using var repo = new TempRepository();
        repo.AddFunction("hello", "name: hello\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\ninit_function: init\nrun:\n  init_parameters: {greeting: Howdy}\n");
        repo.WriteFile("functions/hello/main.py", "def init(context, greeting):\n    context.greeting = greeting\n\ndef handler(context, event):\n    return {'message': context.greeting + ', ' + event.body['name']}\n");
        var served = Path.Combine(repo.Root, "served.json");
        var answer = Path.Combine(repo.Root, "answer.json");

        var serve = await ChildProcess.BuildShAsync("--target=Run", "--function=hello", "--action=serve", "--local", $"--result-file={served}", $"--working={repo.Root}");
        Assert.That(serve.ExitCode, Is.EqualTo(0), serve.ToString());
        var runId = JsonDocument.Parse(File.ReadAllText(served)).RootElement.GetProperty("id").GetString()!;
        var url = JsonDocument.Parse(File.ReadAllText(served)).RootElement.GetProperty("service").GetProperty("url").GetString();
        try
        {
            var invoke = await ChildProcess.BuildShAsync("--target=Invoke", $"--run={runId[..8]}", "--json={\"name\": \"Ada\"}", $"--result-file={answer}", $"--working={repo.Root}");
            var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");

            Assert.That(url, Does.StartWith("http://127.0.0.1:"));
            Assert.That(invoke.ExitCode, Is.EqualTo(0), invoke.ToString());
            var body = JsonDocument.Parse(File.ReadAllText(answer)).RootElement;
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(body.GetProperty("body").GetProperty("message").GetString(), Is.EqualTo("Howdy, Ada"));
            Assert.That(runs.StandardOutput, Does.Contain(runId).And.Contain("RUNNING"));
        }
        finally
        {
            var stop = await ChildProcess.BuildShAsync("--target=Stop", $"--run={runId}", $"--working={repo.Root}");
            Assert.That(stop.ExitCode, Is.EqualTo(0), stop.ToString());
        }

        var after = await ChildProcess.BuildShAsync("--target=Invoke", $"--run={runId}", "--json={}", $"--working={repo.Root}");
        Assert.That(after.ExitCode, Is.EqualTo(2), after.ToString());
        Assert.That(after.Output, Does.Contain("is STOPPED, not RUNNING"));
    }

    [Test]
    public async Task Sigterm_during_a_local_job_stops_the_handler_and_marks_the_run_stopped()
    {
        using var repo = new TempRepository();
        repo.AddFunction("slow", "name: slow\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\n");
        repo.WriteFile("functions/slow/main.py", "import os, time\ndef handler():\n    open(os.environ['MARKER'], 'w').write(str(os.getpid()))\n    time.sleep(120)\n");
        var marker = Path.Combine(repo.Root, "handler.pid");

        var info = new ProcessStartInfo(Repository.PathOf("build.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--target=Run", "--function=slow", "--local", $"--working={repo.Root}" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MARKER"] = marker;
        using var host = Process.Start(info)!;
        var output = host.StandardOutput.ReadToEndAsync();
        var errors = host.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(marker) || new FileInfo(marker).Length == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the handler never started");
            await Task.Delay(50);
        }

        var handlerPid = int.Parse(File.ReadAllText(marker), System.Globalization.CultureInfo.InvariantCulture);
        Signals.Terminate(host.Id);
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.That(host.ExitCode, Is.EqualTo(130), await output + await errors);
        Assert.That(Signals.IsAlive(handlerPid), Is.False, "the handler process must end with the run");
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.StandardOutput, Does.Contain("STOPPED"));
    }

    [Test]
    public async Task A_run_whose_tool_was_killed_is_reported_as_not_finished()
    {
        using var repo = new TempRepository();
        repo.AddFunction("slow", "name: slow\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\n");
        repo.WriteFile("functions/slow/main.py", "import os, time\ndef handler():\n    open(os.environ['MARKER'], 'w').write('started')\n    time.sleep(5)\n");
        var marker = Path.Combine(repo.Root, "started");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo.Root };
        foreach (var argument in new[] { Repository.PathOf("build", "bin", "Release", "net10.0", "Build.dll"), "--target=Run", "--function=slow", "--local" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MARKER"] = marker;
        using var host = Process.Start(info)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(marker))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the handler never started");
            await Task.Delay(50);
        }

        host.Kill();
        await host.WaitForExitAsync();
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");

        Assert.That(runs.ExitCode, Is.EqualTo(0), runs.ToString());
        Assert.That(runs.StandardOutput, Does.Contain("RUNNING (not finished: its process ended)"));
    }
}
