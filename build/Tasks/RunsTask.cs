using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Loading;
using PythonRuntime.Store;

namespace PythonRuntime.Build.Tasks;

/// <summary>Lists recent runs and their states, flagging runs whose process ended without finishing them.</summary>
[TaskName("Runs")]
[TaskDescription("Lists runs, newest first (--limit=N, default 20).")]
public sealed class RunsTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var limit = int.TryParse(context.Value("limit"), out var given) && given > 0 ? given : 20;
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var runs = await service.ListAsync(limit, context.Stopping).ConfigureAwait(false);
        context.Log.Information("{0,-32}  {1,-20} {2,-6} {3,-10} {4,-10} {5}", "ID", "FUNCTION", "ACTION", "EXECUTOR", "STATE", "CREATED");
        foreach (var run in runs)
        {
            var state = RunStates.ToText(run.State) + (run.IsOrphaned ? " (not finished: its process ended)" : string.Empty);
            context.Log.Information("{0,-32}  {1,-20} {2,-6} {3,-10} {4,-10} {5:u}", run.Id, run.FunctionName, Spellings.Of(run.Action), run.Executor.ToString().ToLowerInvariant(), state, run.CreatedUtc);
        }

        if (runs.Count == 0)
        {
            context.Log.Information("No runs yet.");
        }
    }
}
