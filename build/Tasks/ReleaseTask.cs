using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Images;

namespace PythonRuntime.Build.Tasks;

/// <summary>
/// Validates, renders, builds and pushes every function, then records the release (commit to image digests) and
/// prints it as a table. The same commit always maps to the same images: a second release of a commit that
/// would map a function elsewhere is refused.
/// </summary>
[TaskName("Release")]
[TaskDescription("Validate, Render, Build and Push every function; prints function -> content tag, commit tag, digest and records the release in the store. --deploy also applies every serve task to the cluster by digest and waits for the rollouts (--ready-timeout=SECONDS, default 300; --kubeconfig, --context, --namespace, --force-conflicts as for Run).")]
[IsDependentOn(typeof(RenderTask))]
[IsDependentOn(typeof(PushTask))]
public sealed class ReleaseTask : AsyncFrostingTask<BuildContext>
{
    /// <summary>How long each rollout may take under <c>--deploy</c> unless <c>--ready-timeout</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromMinutes(5);

    public override async Task RunAsync(BuildContext context)
    {
        var set = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        context.Log.Information("{0,-20} {1,-30} {2,-48} {3}", "function", "content tag", "commit tag", "digest");
        foreach (var image in context.PushedImages)
        {
            context.Log.Information("{0,-20} {1,-30} {2,-48} {3}", image.Key.Name, image.ContentTag, image.CommitTag ?? "-", image.Digest);
        }

        // The images are pushed whatever the cluster does next: record the release first, so a failed rollout never
        // loses the commit -> digest mapping, and a rerun after fixing the cluster deploys exactly these digests.
        await RecordAsync(context, set).ConfigureAwait(false);
        if (context.Flag("deploy"))
        {
            await DeployAsync(context, set).ConfigureAwait(false);
        }
    }

    private static async Task RecordAsync(BuildContext context, Specs.DefinitionSet set)
    {
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

    /// <summary>
    /// Applies the serve task of every function that has one, with its pushed image by digest, and waits for each
    /// rollout; unchanged ones apply nothing new. Every function is tried; the failures are reported together.
    /// </summary>
    private static async Task DeployAsync(BuildContext context, Specs.DefinitionSet set)
    {
        var deployer = new KubernetesServeDeployer(context.ServiceOptions);
        var readyTimeout = context.ReadyTimeout ?? DefaultReadyTimeout;
        var failures = new List<PythonRuntimeException>();
        foreach (var image in context.PushedImages)
        {
            var function = set.Function(image.Key.Name);
            if (function.Spec.Tasks.Serve is null)
            {
                continue;
            }

            context.Log.Information("deploying {0} ({1}); waiting up to {2:N0} s for the rollout", function.Spec.Name, image.Reference, readyTimeout.TotalSeconds);
            try
            {
                var deployment = await deployer.DeployAsync(function, set.Project, image.Reference, readyTimeout, context.Stopping).ConfigureAwait(false);
                context.Log.Information("deployed {0,-20} {1,-9} {2} ({3}/{4}, generation {5})", function.Spec.Name, deployment.Changed ? "changed" : "unchanged", deployment.Url, deployment.Namespace, deployment.DeploymentName, deployment.Generation);
            }
            catch (PythonRuntimeException ex)
            {
                // The others are still deployed; every failure is reported together at the end.
                failures.Add(Failure(function.Spec.Name, ex));
                context.Log.Warning("deploy of {0} failed; see the error at the end", function.Spec.Name);
            }
        }

        if (failures.Count == 1)
        {
            throw failures[0];
        }

        if (failures.Count > 1)
        {
            throw new PythonRuntimeException(
                failures[0].ExitCode,
                $"Release --deploy failed for {failures.Count} functions:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Select(f => "- " + f.Message))}");
        }
    }

    /// <summary>Names the function and the kind of failure; a failed rollout leaves the Deployment for inspection, as a serve run does.</summary>
    private static PythonRuntimeException Failure(string function, PythonRuntimeException ex)
    {
        var message = ex.ExitCode == ExitCodes.RunFailed
            ? $"Release --deploy of '{function}' failed (RolloutFailed): {ex.Message} The Deployment was left in place for inspection; remove it with --target=Undeploy --function={function}, or fix the cause and release again (the images are pushed and the release is recorded)."
            : $"Release --deploy of '{function}' failed (KubernetesError): {ex.Message}";
        return new PythonRuntimeException(ex.ExitCode, message, ex);
    }
}
