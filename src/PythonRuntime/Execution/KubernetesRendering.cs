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
