using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Images;

namespace PythonRuntime.Build.Tasks;

/// <summary>
/// Validates, renders, builds and pushes every function, then records the release (commit to image digests) and
/// prints it as a table. The same commit always maps to the same images: a second release of a commit that
/// would map a function elsewhere is refused.
/// </summary>
[TaskName("Release")]
[TaskDescription("Validate, Render, Build and Push every function; prints function -> content tag, commit tag, digest and records the release in the store. --deploy also applies every serve task to the cluster by digest and waits for the rollouts.")]
[IsDependentOn(typeof(RenderTask))]
[IsDependentOn(typeof(PushTask))]
public sealed class ReleaseTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var set = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        context.Log.Information("{0,-20} {1,-30} {2,-48} {3}", "function", "content tag", "commit tag", "digest");
        foreach (var image in context.PushedImages)
        {
            context.Log.Information("{0,-20} {1,-30} {2,-48} {3}", image.Key.Name, image.ContentTag, image.CommitTag ?? "-", image.Digest);
        }

        if (context.Flag("deploy"))
        {
            await DeployAsync(context, set).ConfigureAwait(false);
        }

        var commit = await GitRevision.CurrentCommitAsync(context.Root, context.Stopping).ConfigureAwait(false);
        if (commit is null)
        {
            context.Log.Warning("The repository has no git commit: the release is not recorded (images are tagged by content only).");
            return;
        }

        if (await GitRevision.IsDirtyAsync(context.Root, context.Stopping).ConfigureAwait(false))
        {
            context.Log.Warning("The work tree has uncommitted changes: images carry the tag {0}-dirty and the release is not recorded. Commit, then release again.", commit);
            return;
        }

        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var entries = await service.Store.RecordReleaseAsync(set.Project.Name, commit, context.PushedImages, context.Stopping).ConfigureAwait(false);
        context.Log.Information("Release of commit {0} recorded: {1} function(s) in all.", commit, entries.Count);
    }

    /// <summary>Applies the serve task of every function that has one, with its pushed image by digest; unchanged ones apply nothing new.</summary>
    private static async Task DeployAsync(BuildContext context, Specs.DefinitionSet set)
    {
        var deployer = new Execution.KubernetesServeDeployer(context.ServiceOptions);
        var text = context.Value("ready-timeout") ?? "300";
        var readyTimeout = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new Diagnostics.PythonRuntimeException(ExitCodes.Usage, $"The option --ready-timeout='{text}' is not a positive number of seconds.");
        foreach (var image in context.PushedImages)
        {
            var function = set.Function(image.Key.Name);
            if (function.Spec.Tasks.Serve is null)
            {
                continue;
            }

            var deployment = await deployer.DeployAsync(function, set.Project, image.Reference, readyTimeout, context.Stopping).ConfigureAwait(false);
            context.Log.Information("deployed {0,-20} {1,-9} {2}", function.Spec.Name, deployment.Changed ? "changed" : "unchanged", deployment.Url);
        }
    }
}
