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
[TaskDescription("Validate, Render, Build and Push every function; prints function -> content tag, commit tag, digest and records the release in the store.")]
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
}
