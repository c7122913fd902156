using PythonRuntime.Images;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>
/// Renders one function for one run: the run's id names the Job, the run's task values and parameters take part,
/// and the image is the one the run uses. The docker and Kubernetes executors both start from these manifests,
/// so a container runs with exactly the command, arguments and environment a pod would get.
/// </summary>
internal static class RunRendering
{
    public static async Task<RenderedFunction> RenderAsync(RunContext context, RunServiceOptions options, string? ns, string? image, CancellationToken cancellationToken)
    {
        var spec = context.Function.Spec;
        var tasks = context.Request.Action switch
        {
            TaskAction.Serve => spec.Tasks with { Serve = context.Task },
            _ => spec.Tasks with { Job = context.Task },
        };
        var function = context.Function with { Spec = spec with { Tasks = tasks } };
        var set = new DefinitionSet(context.Project, options.RepositoryRoot, [function]);
        var render = await new ArtifactRenderer().RenderAsync(
            set,
            new RenderOptions
            {
                OutputDirectory = Path.Combine(options.ResolvedStateDirectory, "runs", context.Run.Id, "rendered"),
                RunId = context.Run.Id,
                Namespace = ns,
                Commit = await GitRevision.CurrentCommitAsync(options.RepositoryRoot, cancellationToken).ConfigureAwait(false),
                FunctionVersionIds = new Dictionary<string, string>(StringComparer.Ordinal) { [spec.Name] = context.Version.Id },
                Images = image is null ? new Dictionary<string, string>() : new Dictionary<string, string>(StringComparer.Ordinal) { [spec.Name] = image },
                Runs = new Dictionary<string, RunSpec>(StringComparer.Ordinal)
                {
                    [spec.Name] = new RunSpec { Parameters = context.Request.Parameters, InitParameters = context.Request.InitParameters },
                },
            },
            cancellationToken).ConfigureAwait(false);
        return render.Functions[0];
    }
}
