using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>Stops a running service.</summary>
[TaskName("Stop")]
[TaskDescription("Stops a service run: --run=ID.")]
public sealed class StopTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var runId = context.Required("run", "3f2a9c");
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var run = await service.StopAsync(runId, context.Stopping).ConfigureAwait(false);
        RunOptions.Print(context, run);
    }
}
