using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Loading;
using PythonRuntime.Store;

namespace PythonRuntime.Build.Tasks;

/// <summary>Runs every function locally with its run: defaults and prints one line per run.</summary>
[TaskName("RunAll")]
[TaskDescription("Runs every function locally with its run: defaults: jobs in input order, then each service started, invoked once and stopped.")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class RunAllTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var outcomes = await new ProjectRunner(service).RunAllAsync(await context.LoadDefinitionsAsync().ConfigureAwait(false), context.Stopping).ConfigureAwait(false);
        context.Log.Information("Summary of the main job:");
        foreach (var outcome in outcomes)
        {
            var run = outcome.Run;
            var detail = outcome.Invoke is { } answer
                ? $"invoked: HTTP {answer.Status} {Shorten(answer.Text)}"
                : outcome.InvokeError ?? string.Join(", ", run.Results.Select(r => $"{r.Key}={Shorten(r.Value.GetRawText())}").Concat(run.Outputs.Select(o => $"{o.Key} -> {o.Value}")));
            context.Log.Information("  {0,-20} {1,-5} {2,-9} {3}  {4}", outcome.Function, Spellings.Of(run.Action), RunStates.ToText(run.State), run.Id[..12], detail);
        }

        var definitions = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        foreach (var skipped in definitions.Functions.Where(f => outcomes.All(o => o.Function != f.Spec.Name)))
        {
            context.Log.Information("  {0,-20} skipped: an earlier job failed", skipped.Spec.Name);
        }

        var failed = outcomes.Where(o => o.Run.State == RunState.Error || o.InvokeError is not null || o.Invoke is { IsSuccess: false }).ToArray();
        if (failed.Length > 0)
        {
            var first = failed[0];
            throw new PythonRuntimeException(ExitCodes.RunFailed, $"{failed.Length} function(s) failed; first: '{first.Function}': {first.Run.Error?.Message ?? first.InvokeError ?? $"HTTP {first.Invoke?.Status}"}");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
