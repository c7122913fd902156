using System.Diagnostics;
using System.Globalization;
using PythonRuntime.Bench;
using PythonRuntime.Rendering;

// Validates and renders N generated functions in memory (nothing is written) and prints one Markdown table row
// per N: median and min of the timed runs after warm-up (validation + render), the render part alone, time per
// function and the peak working set.
// Usage: dotnet run -c Release --project bench/PythonRuntime.Bench -- [runs] [sizes...]
// "stages" times each step of rendering one function instead (for profiling).
if (args.Length > 0 && args[0] == "stages")
{
    await Stages.RunAsync();
    return;
}

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var sizes = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10, 100, 1_000];
var renderer = new ArtifactRenderer("# bench runner\n"u8.ToArray());
var options = new RenderOptions { Commit = "0123456789abcdef0123456789abcdef01234567" };

// Warm up once with more functions than any timed run uses, so every size is measured with fully compiled code.
var warmup = GeneratedFunctions.Create(sizes.Max());
for (var warm = 0; warm < 3; warm++)
{
    InMemoryValidation.Validate(warmup);
    GC.KeepAlive(await renderer.RenderAsync(warmup, options, CancellationToken.None));
}

warmup = null;
GC.Collect();
Console.WriteLine($"PythonRuntime render benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} timed runs per size after a warm-up");
Console.WriteLine();
Console.WriteLine("| functions | validate + render, median (ms) | min (ms) | render alone, median (ms) | per function (ms) | files | peak working set (MB) |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var set = GeneratedFunctions.Create(size);
    var files = (await renderer.RenderAsync(set, options, CancellationToken.None)).Files.Count();

    var times = new List<double>();
    var renderTimes = new List<double>();
    RenderResult? result = null;
    for (var run = 0; run < runs; run++)
    {
        result = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        InMemoryValidation.Validate(set);
        var validated = watch.Elapsed.TotalMilliseconds;
        result = await renderer.RenderAsync(set, options, CancellationToken.None);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        renderTimes.Add(watch.Elapsed.TotalMilliseconds - validated);
    }

    GC.KeepAlive(result);

    times.Sort();
    renderTimes.Sort();
    var median = times[times.Count / 2];
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {size:N0} | {median:F1} | {times[0]:F1} | {renderTimes[renderTimes.Count / 2]:F1} | {median / size:F3} | {files:N0} | {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} |"));
}
