using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>
/// Renders one function for one run of the docker executor: the run's id names the Job, the run's task values and
/// parameters take part, and the image is the one the run built. It goes through the same rendering as the
/// Kubernetes executors, so a container runs with exactly the command, arguments and environment a pod would get.
/// </summary>
internal static class RunRendering
{
    public static Task<RenderedFunction> RenderAsync(RunContext context, RunServiceOptions options, string image, CancellationToken cancellationToken)
    {
        var spec = context.Function.Spec;
        var tasks = context.Request.Action == TaskAction.Serve ? spec.Tasks with { Serve = context.Task } : spec.Tasks with { Job = context.Task };
        var function = context.Function with { Spec = spec with { Tasks = tasks } };
        var render = new RenderOptions
        {
            OutputDirectory = KubernetesRendering.OutputOf(options, context),
            RunId = context.Run.Id,
            FunctionVersionIds = KubernetesRendering.VersionOf(context),
            Images = new Dictionary<string, string>(StringComparer.Ordinal) { [spec.Name] = image },
            Runs = KubernetesRendering.RunOf(context),
        };
        return KubernetesRendering.RenderAsync(options, function, context.Project, render, cancellationToken);
    }
}
