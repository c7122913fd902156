using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Build.Tasks;

/// <summary>Deletes a function's serve Deployment and Service from the cluster namespace.</summary>
[TaskName("Undeploy")]
[TaskDescription("Deletes the serve Deployment and Service of --function=NAME (found by labels) [--kubeconfig=PATH --context=NAME --namespace=NS].")]
public sealed class UndeployTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var name = context.Functions.Count == 1
            ? context.Functions[0]
            : throw new PythonRuntimeException(ExitCodes.Usage, "The Undeploy target needs exactly one --function=NAME.");
        var definitions = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        var function = definitions.Function(name);
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var deleted = await service.UndeployAsync(function, definitions.Project, context.Stopping).ConfigureAwait(false);
        context.Log.Information(deleted.Count == 0 ? "{0}: nothing to delete; no Deployment or Service of it is in the namespace." : "{0}: deleted {1}.", name, string.Join(", ", deleted));
    }
}
