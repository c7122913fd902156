using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Runs a job as a Kubernetes Job: renders the function's Job with the run's id (so every run has its own Job
/// and a rerun never meets the immutable pod template), applies it server-side, waits for Complete or Failed,
/// and records the results, the diagnosis and the log tail in the store.
/// </summary>
public sealed class KubernetesJobExecutor(RunStore store, RunServiceOptions options, IRunLog log)
{
    /// <summary>Runs the job and returns the final run record (COMPLETED, ERROR, or STOPPED when cancelled).</summary>
    public async Task<RunRecord> RunJobAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        try
        {
            using var session = KubernetesSession.Open(options, context.Project);
            var connection = session.Connection;
            var runner = new KubernetesJobRunner(connection, session.Applier, session.Retry, new KubernetesJobRunOptions());

            var job = await RenderJobAsync(context, connection.Namespace, cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Ready, $"Job {job.Metadata.Name} rendered for namespace {connection.Namespace}", cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"applied to {connection.Source}", cancellationToken).ConfigureAwait(false);
            log.Info($"{context.Function.Spec.Name}: Job {job.Metadata.Name} applied in namespace {connection.Namespace}; waiting for it to complete");
            var result = await runner.RunAsync(job, cancellationToken).ConfigureAwait(false);
            await KubernetesRunLog.KeepAsync(store, log, runId, result.LogTail).ConfigureAwait(false);
            if (result.OutputNames.Count > 0)
            {
                // Output files stay in the pod until outputs have a shared store; say so rather than drop them silently.
                log.Info($"{context.Function.Spec.Name}: outputs {string.Join(", ", result.OutputNames)} were written in the pod and are not collected by this version.");
            }

            var error = result.State == RunState.Error
                ? new RunError(result.Error?.Type ?? result.Reason ?? "JobFailed", result.Diagnosis ?? result.Error?.Message ?? "the Job failed", result.Error?.Category ?? "kubernetes")
                : null;
            return await store.CompleteAsync(runId, result.State, result.Results, new Dictionary<string, string>(), error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex)
        {
            var error = RunErrors.From(ex, "kubernetes");
            return await store.CompleteAsync(runId, RunState.Error, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), error, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<k8s.Models.V1Job> RenderJobAsync(RunContext context, string ns, CancellationToken cancellationToken)
    {
        var rendered = await KubernetesRendering.RenderRunAsync(options, context, new RenderOptions { Namespace = ns }, cancellationToken).ConfigureAwait(false);
        return rendered.ReadJob();
    }
}
