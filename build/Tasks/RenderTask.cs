using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Images;
using PythonRuntime.Rendering;

namespace PythonRuntime.Build.Tasks;

/// <summary>Renders each function's Dockerfile, build context and Kubernetes manifests into the output folder.</summary>
[TaskName("Render")]
[TaskDescription("Renders Dockerfile, requirements.txt, context.json, job.yaml, serve.yaml and build-job.yaml per function into --out=DIR (default artifacts/); --base-image=IMAGE, --templates=DIR.")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class RenderTask : AsyncFrostingTask<BuildContext>, ISupportsDryRun
{
    public override async Task RunAsync(BuildContext context)
    {
        var options = new RenderOptions
        {
            OutputDirectory = Path.GetFullPath(context.Value("out") ?? "artifacts", context.Root),
            Commit = context.Value("commit") ?? await GitRevision.CurrentCommitAsync(context.Root, context.Stopping).ConfigureAwait(false),
            BaseImageOverride = context.Value("base-image"),
            TemplatesDirectory = context.Value("templates") is { } templates ? Path.GetFullPath(templates, context.Root) : null,
            Functions = context.Functions.Count > 0 ? context.Functions : null,
        };
        var renderer = new ArtifactRenderer();
        var result = await renderer.RenderAsync(await context.LoadDefinitionsAsync().ConfigureAwait(false), options, context.Stopping).ConfigureAwait(false);
        if (context.DryRun)
        {
            foreach (var file in result.Files)
            {
                context.Log.Information("would write {0}", Path.GetRelativePath(context.Root, Path.Combine(result.OutputDirectory, file.RelativePath)));
            }

            return;
        }

        var summary = await renderer.WriteAsync(result, message => context.Log.Information("{0}", message), context.Stopping).ConfigureAwait(false);
        context.Log.Information(
            "Rendered {0} function(s) into {1}: {2} file(s) written, {3} unchanged, {4} removed.",
            result.Functions.Count,
            Path.GetRelativePath(context.Root, result.OutputDirectory),
            summary.Written.Count,
            summary.Unchanged.Count,
            summary.Removed.Count);
    }
}
