using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Serve runs on the cluster: the function's Deployment and Service are applied with the run's id as a label, the
/// rollout is awaited, and the Service's URL is recorded; the run then belongs to the cluster (not to this process),
/// so it stays RUNNING after the command ends. Stop deletes the objects that carry the run's label; Undeploy deletes
/// the function's serve objects whichever run applied them.
/// </summary>
public sealed class KubernetesServeExecutor(RunStore store, RunServiceOptions options, IRunLog log)
{
    /// <summary>How a kubernetes serve run's <see cref="ServiceInfo.Handle"/> starts: <c>kubernetes:&lt;namespace&gt;/&lt;deployment&gt;</c>.</summary>
    public const string HandlePrefix = "kubernetes:";

    /// <summary>Deploys the service and returns the run RUNNING with its URL, or in ERROR with the diagnosis.</summary>
    public async Task<RunRecord> StartServiceAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        var name = context.Function.Spec.Name;
        try
        {
            using var session = KubernetesSession.Open(options, context.Project);
            var rendered = await KubernetesRendering.RenderRunAsync(options, context, new RenderOptions { Namespace = session.Namespace }, cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Ready, $"Deployment and Service {name} rendered for namespace {session.Namespace}", cancellationToken).ConfigureAwait(false);
            log.Info($"{name}: applying Deployment and Service {name} in namespace {session.Namespace}; waiting for the rollout");
            var deployed = await KubernetesServeDeployer.DeployAsync(session, rendered, runId, context.Request.ReadyTimeout, cancellationToken).ConfigureAwait(false);

            // The service lives in the cluster now: hand the run to it, so it is not taken for an orphan of this process.
            await store.SetServiceAsync(runId, new ServiceInfo(deployed.Url, Handle: $"{HandlePrefix}{deployed.Namespace}/{deployed.DeploymentName}"), CancellationToken.None).ConfigureAwait(false);
            await store.SetOwnerAsync(runId, ClusterOwner(deployed.Namespace), CancellationToken.None).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"serving on {deployed.Url} ({deployed.Message}{(deployed.Changed ? string.Empty : "; unchanged")})", CancellationToken.None).ConfigureAwait(false);
            return await store.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex)
        {
            // The Deployment stays for inspection (kubectl describe/logs), as after a failed 'kubectl rollout status'.
            var message = $"{ex.Message} The Deployment was left in place for inspection; remove it with --target=Undeploy --function={name}.";
            var error = new RunError(ex.ExitCode == ExitCodes.RunFailed ? "RolloutFailed" : "KubernetesError", message, "kubernetes");
            return await store.CompleteAsync(runId, RunState.Error, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), error, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the Deployment and Service that carry the run's label and marks the run STOPPED.</summary>
    public async Task<RunRecord> StopServiceAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ns = NamespaceOf(run);
        using var session = KubernetesSession.Open(options, null, ns);
        var deleted = await new KubernetesDeleter(session.Connection, session.Retry)
            .DeleteServeAsync($"{KubernetesServeDeployer.RunIdLabel}={run.Id}", cancellationToken).ConfigureAwait(false);
        var message = deleted.Count > 0
            ? $"deleted {string.Join(", ", deleted)} in namespace {session.Namespace}"
            : $"nothing in namespace {session.Namespace} carries this run's label any more (a later run, a release or an Undeploy took the objects over)";
        log.Info($"{run.FunctionName}: {message}");
        await store.TransitionAsync(run.Id, RunState.Stopped, message, CancellationToken.None).ConfigureAwait(false);
        return await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the function's Deployment and Service (by the labels every serve object of it carries) in the namespace,
    /// and marks its kubernetes serve runs that are still RUNNING there STOPPED. Returns "Kind/name" of what was deleted.
    /// </summary>
    public async Task<IReadOnlyList<string>> UndeployAsync(FunctionDefinition function, ProjectSpec project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(project);
        var name = function.Spec.Name;
        using var session = KubernetesSession.Open(options, project);
        var deleted = await new KubernetesDeleter(session.Connection, session.Retry)
            .DeleteServeAsync(KubernetesServeDeployer.FunctionSelector(name), cancellationToken).ConfigureAwait(false);
        foreach (var summary in await store.ListRunsAsync(project.Name, RunStore.MaxListLimit, cancellationToken).ConfigureAwait(false))
        {
            if (summary.FunctionName != name || summary.Action != TaskAction.Serve || summary.Executor != RunExecutor.Kubernetes || summary.State != RunState.Running)
            {
                continue;
            }

            var run = await store.GetRunAsync(summary.Id, cancellationToken).ConfigureAwait(false);
            if (string.Equals(NamespaceOf(run), session.Namespace, StringComparison.Ordinal))
            {
                await store.TransitionAsync(run.Id, RunState.Stopped, $"undeployed from namespace {session.Namespace}", CancellationToken.None).ConfigureAwait(false);
            }
        }

        return deleted;
    }

    /// <summary>The owner of a run whose service lives in the cluster: no local process, a host that is not this one.</summary>
    private static RunOwner ClusterOwner(string ns) => new(0, DateTimeOffset.UnixEpoch, $"{HandlePrefix}{ns}");

    private static string NamespaceOf(RunRecord run)
    {
        var handle = run.Service?.Handle;
        if (handle is null || !handle.StartsWith(HandlePrefix, StringComparison.Ordinal) || handle.IndexOf('/', StringComparison.Ordinal) < 0)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The kubernetes serve run '{run.Id}' has no recorded Deployment (its rollout never finished); there is nothing to stop. Remove leftovers with --target=Undeploy --function={run.FunctionName}.");
        }

        return handle[HandlePrefix.Length..handle.IndexOf('/', StringComparison.Ordinal)];
    }
}
