using PythonRuntime.Images;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>Renders one function for the cluster with the same renderer, templates and checks as the Render target.</summary>
internal static class KubernetesRendering
{
    /// <summary>Renders <paramref name="function"/> in memory; the commit is the repository's unless the options name one.</summary>
    public static async Task<RenderedFunction> RenderAsync(RunServiceOptions options, FunctionDefinition function, ProjectSpec project, RenderOptions render, CancellationToken cancellationToken)
    {
        var set = new DefinitionSet(project, options.RepositoryRoot, [function]);
        var commit = render.Commit ?? await GitRevision.CurrentCommitAsync(options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        var result = await new ArtifactRenderer().RenderAsync(set, render with { Commit = commit }, cancellationToken).ConfigureAwait(false);
        return result.Functions[0];
    }

    /// <summary>
    /// Renders the function for one run: the run's task values replace the definition's task of the run's action (as
    /// they would locally), and the run's id, function version and parameters take part. <paramref name="render"/>
    /// gives the rest (namespace, image, build settings). The docker and Kubernetes executors all start here, so a
    /// container gets exactly the command, arguments and environment a pod would.
    /// </summary>
    public static Task<RenderedFunction> RenderRunAsync(RunServiceOptions options, RunContext context, RenderOptions render, CancellationToken cancellationToken)
    {
        var spec = context.Function.Spec;
        var tasks = context.Request.Action switch
        {
            TaskAction.Serve => spec.Tasks with { Serve = context.Task },
            TaskAction.Build => spec.Tasks with { Build = context.Task },
            _ => spec.Tasks with { Job = context.Task },
        };
        var function = context.Function with { Spec = spec with { Tasks = tasks } };
        var forRun = render with
        {
            OutputDirectory = OutputOf(options, context),
            RunId = context.Run.Id,
            FunctionVersionIds = VersionOf(context),
            Runs = RunOf(context),
        };
        return RenderAsync(options, function, context.Project, forRun, cancellationToken);
    }

    /// <summary>The run's own parameters, as the run's rendered pod spec carries them.</summary>
    public static IReadOnlyDictionary<string, RunSpec> RunOf(RunContext context) =>
        new Dictionary<string, RunSpec>(StringComparer.Ordinal)
        {
            [context.Function.Spec.Name] = new RunSpec { Parameters = context.Request.Parameters, InitParameters = context.Request.InitParameters },
        };

    /// <summary>The store's function version id, which names the function's entity key for the runner.</summary>
    public static IReadOnlyDictionary<string, string> VersionOf(RunContext context) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [context.Function.Spec.Name] = context.Version.Id };

    /// <summary>Where a run's rendered files would go if they were written (the render itself stays in memory).</summary>
    public static string OutputOf(RunServiceOptions options, RunContext context) =>
        Path.Combine(options.ResolvedStateDirectory, "runs", context.Run.Id, "rendered");
}
