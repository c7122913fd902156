using System.Globalization;
using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Store;

namespace PythonRuntime.Build.Tasks;

/// <summary>Builds each function's image with docker (skipping those whose content tag exists) and records it.</summary>
[TaskName("Build")]
[TaskDescription("Builds each function's image with docker: content tag + commit tag, skipped when unchanged. --function=NAME, --base-image=IMAGE, --network=host, --force, --push, --parallel=N (default: cores, at most 4), --registry=HOST:PORT, --docker-host=unix:///PATH|tcp://HOST:PORT (the engine; default DOCKER_HOST or /var/run/docker.sock).")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class BuildTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var set = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        var functions = context.Functions.Count > 0 ? context.Functions.Select(set.Function).ToList() : [.. set.Functions];
        var parallel = Parallelism(context);
        var runs = await ProjectImageBuilder.BuildAllAsync(context.ServiceOptions, set, functions, parallel, context.Stopping).ConfigureAwait(false);
        context.BuildRuns.AddRange(runs);
        context.Log.Information("Images:");
        foreach (var run in runs)
        {
            var state = run.State == RunState.Completed ? (Bool(run, "built") ? "built" : "unchanged") : RunStates.ToText(run.State);
            context.Log.Information("  {0,-20} {1,-9} {2}", run.FunctionName, state, Text(run, "image") ?? run.Error?.Message ?? string.Empty);
        }

        var failed = runs.Where(run => run.State != RunState.Completed).ToArray();
        if (failed.Length > 0)
        {
            // Exit code 5 when only the environment failed (the engine or the registry), 4 when a build itself failed.
            var exitCode = failed.All(run => run.Error?.Category == "docker") ? ExitCodes.Environment : ExitCodes.RunFailed;
            throw new PythonRuntimeException(exitCode, $"{failed.Length} image build(s) failed; first: '{failed[0].FunctionName}': {failed[0].Error?.Message}");
        }
    }

    internal static string? Text(RunRecord run, string result) =>
        run.Results.TryGetValue(result, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(RunRecord run, string result) =>
        run.Results.TryGetValue(result, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;

    private static int Parallelism(BuildContext context)
    {
        var text = context.Value("parallel");
        if (text is null)
        {
            // Builds mostly wait on the engine and the registry: a few at once fill the machine without thrashing it.
            return Math.Clamp(Environment.ProcessorCount, 1, 4);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 64
            ? count
            : throw new PythonRuntimeException(ExitCodes.Usage, $"The option --parallel='{text}' is not valid; give a number of builds to run at once, from 1 to 64.");
    }
}
