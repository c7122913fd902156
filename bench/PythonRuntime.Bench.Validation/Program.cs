using System.Diagnostics;
using System.Globalization;
using PythonRuntime.Bench.Validation;
using PythonRuntime.Loading;

// Measures loading and validating many function definitions in-process, as `./build.sh` does before any
// build: write N realistic definitions to a temp folder, time a cold first load (JIT included), warm up
// three more times (tiered JIT settles), then report the median of five timed loads.
// Usage: dotnet run -c Release --project bench/PythonRuntime.Bench.Validation [-- COUNT]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var root = Directory.CreateTempSubdirectory("pyrt-bench-").FullName;
try
{
    GeneratedRepository.Write(root, count);
    var loader = new DefinitionLoader();
    var options = new LoadOptions(root);
    var cold = Stopwatch.StartNew();
    var first = await loader.LoadAsync(options);
    var coldMs = cold.Elapsed.TotalMilliseconds;
    if (first.Functions.Count != count)
    {
        throw new InvalidOperationException($"Loaded {first.Functions.Count} functions, expected {count}.");
    }

    for (var i = 0; i < 3; i++)
    {
        await loader.LoadAsync(options);
    }

    var runs = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var clock = Stopwatch.StartNew();
        await loader.LoadAsync(options);
        runs.Add(clock.Elapsed.TotalMilliseconds);
    }

    runs.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} definitions loaded and validated: median {runs[2]:F0} ms (min {runs[0]:F0}, max {runs[4]:F0}) over 5 runs after 3 warm-ups; cold first load {coldMs:F0} ms; {Environment.ProcessorCount} cores, .NET {Environment.Version}."));
    return runs[2] < 1000 || count != 1000 ? 0 : 1;
}
finally
{
    Directory.Delete(root, recursive: true);
}
