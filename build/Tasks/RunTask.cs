using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Loading;
using PythonRuntime.Store;

namespace PythonRuntime.Build.Tasks;

/// <summary>Runs one function as a job (to its end) or a service (until ready), and reports the run.</summary>
[TaskName("Run")]
[TaskDescription("Runs --function=NAME with --action=job|serve|build [--local | --executor=kubernetes --kubeconfig=PATH --context=NAME --namespace=NS --force-conflicts --registry-secret=NAME --insecure-registry | --executor=docker --docker-host=ADDRESS] [--param=k=v] [--input=k=store://...] [--init-param=k=v] [--result-file=PATH] [--timeout=SECONDS] [--ready-timeout=SECONDS].")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class RunTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var name = context.Functions.Count == 1
            ? context.Functions[0]
            : throw new PythonRuntimeException(ExitCodes.Usage, "The Run target needs exactly one --function=NAME.");
        var definitions = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        var function = definitions.Function(name);
        var request = RunOptions.Request(context, function);
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var run = await service.RunAsync(function, definitions.Project, request, context.Stopping).ConfigureAwait(false);
        await RunOptions.ReportAsync(context, run).ConfigureAwait(false);
    }
}
