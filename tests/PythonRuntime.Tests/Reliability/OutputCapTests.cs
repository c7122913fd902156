using PythonRuntime.Execution;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Execution;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>A handler that prints without end cannot fill the disk through its run log (reliability bar F28).</summary>
[TestFixture]
public sealed class OutputCapTests
{
    [Test]
    public async Task Output_past_the_log_limit_is_dropped_with_one_note_and_the_run_still_completes()
    {
        using var repo = new TempRepository();
        var log = new RecordingRunLog();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { MaxLogBytes = 100_000, Log = log });
        var folder = Path.Combine(repo.Root, "functions", "chatty");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), "def handler():\n    for i in range(20000):\n        print('line', i, 'x' * 80)\n    print('the last line')\n    return 'done'\n");
        var function = new FunctionDefinition(new FunctionSpec { Name = "chatty", PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler", Outputs = ["summary"] }, folder, null);

        var run = await service.RunAsync(function, new ProjectSpec { Name = "demo" }, new RunRequest { Action = TaskAction.Job });

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["summary"].GetString(), Is.EqualTo("done"));
        var logged = File.ReadAllText(service.Store.LogPath(run.Id));
        Assert.That(logged.Length, Is.LessThan(110_000), "the log stops near the limit (about 1.7 MB were printed)");
        Assert.That(logged, Does.Contain("passed the 100000 byte log limit").And.Not.Contain("the last line"));
        Assert.That(log.Lines.Count(l => l.Contains("log limit", StringComparison.Ordinal)), Is.EqualTo(1), "one note, not one per dropped line");
    }
}
