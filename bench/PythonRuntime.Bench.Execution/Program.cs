using System.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Execution.Python;
using PythonRuntime.Processes;
using PythonRuntime.Specs;
using PythonRuntime.Store;

// Local job overhead: an in-process SDK run of a trivial handler against a bare `python -c` doing the same
// work with the same interpreter, measured in the same process, medians over --runs (default 30).
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
var root = Path.Combine(Path.GetTempPath(), $"pyrt-bench-{Guid.NewGuid():N}");
var folder = Path.Combine(root, "functions", "trivial");
Directory.CreateDirectory(folder);
await File.WriteAllTextAsync(Path.Combine(folder, "main.py"), "def handler():\n    return 1\n");
var function = new FunctionDefinition(
    new FunctionSpec { Name = "trivial", PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler", Outputs = ["value"] },
    folder,
    null);
var project = new ProjectSpec { Name = "bench" };

try
{
    await using var service = await RunService.OpenAsync(new RunServiceOptions(root));
    var interpreter = await new PythonInterpreterResolver(Path.Combine(root, ".pythonruntime")).ResolveAsync(PythonVersion.Python3_11, CancellationToken.None);
    var request = new RunRequest { Action = TaskAction.Job };

    async Task<double> SdkRunAsync()
    {
        var watch = Stopwatch.StartNew();
        var run = await service.RunAsync(function, project, request);
        watch.Stop();
        if (run.State != RunState.Completed || run.Results["value"].GetInt32() != 1)
        {
            throw new InvalidOperationException($"The benchmark run failed: {run.State} {run.Error?.Message}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    async Task<double> BarePythonAsync()
    {
        var watch = Stopwatch.StartNew();
        var outcome = await ChildProcessRunner.RunAsync(
            new ProcessSpec(interpreter.Executable, ["-c", "def handler():\n    return 1\nprint(handler())"]),
            null,
            null,
            CancellationToken.None);
        watch.Stop();
        return outcome.ExitCode == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException("bare python failed");
    }

    // Warm up both paths (JIT, page cache, staged code, interpreter cache), then alternate to share noise.
    for (var i = 0; i < 3; i++)
    {
        await SdkRunAsync();
        await BarePythonAsync();
    }

    var sdk = new List<double>();
    var bare = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        sdk.Add(await SdkRunAsync());
        bare.Add(await BarePythonAsync());
    }

    double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    double P90(List<double> values) => values.Order().ElementAt((int)Math.Ceiling(values.Count * 0.9) - 1);
    Console.WriteLine($"interpreter: {interpreter.Executable} ({interpreter.Version}); runs: {runs}");
    Console.WriteLine("| path | median ms | p90 ms |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| SDK RunService.RunAsync (job, local) | {Median(sdk):0.0} | {P90(sdk):0.0} |");
    Console.WriteLine($"| bare python -c | {Median(bare):0.0} | {P90(bare):0.0} |");
    Console.WriteLine($"ratio (median): {Median(sdk) / Median(bare):0.00}x; added: {Median(sdk) - Median(bare):0.0} ms");
}
finally
{
    Directory.Delete(root, recursive: true);
}
