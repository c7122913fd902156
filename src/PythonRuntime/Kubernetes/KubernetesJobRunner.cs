using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PythonRuntime.Execution;
using PythonRuntime.Store;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Runs one rendered Job on the cluster: applies it, watches the Job (and its pods, to catch a pod that can never
/// start) until the Complete or Failed condition, then reads the runner's termination message and the pod's log tail.
/// The Job name must be unique per run (the renderer names it after the function and run id).
/// </summary>
public sealed class KubernetesJobRunner
{
    /// <summary>The label the Job controller puts on its pods.</summary>
    public const string JobNameLabel = "job-name";

    private readonly KubernetesConnection connection;
    private readonly KubernetesApplier applier;
    private readonly ApiRetry retry;
    private readonly KubernetesJobRunOptions options;

    public KubernetesJobRunner(KubernetesConnection connection, KubernetesApplier applier, ApiRetry retry, KubernetesJobRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(applier);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(options);
        this.connection = connection;
        this.applier = applier;
        this.retry = retry;
        this.options = options;
    }

    /// <summary>Applies <paramref name="job"/>, waits for it to end and collects what it left.</summary>
    /// <remarks>
    /// Four waits run side by side and the first decision wins: the Job's Complete/Failed condition, a pod stuck
    /// before it starts, a Job event saying Pod Security refuses its pods, and a pod unschedulable past the grace period.
    /// </remarks>
    public async Task<KubernetesJobResult> RunAsync(V1Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await applier.ApplyAsync(job, cancellationToken).ConfigureAwait(false);
        var name = job.Metadata.Name;
        var outcome = await WaitAsync(name, cancellationToken).ConfigureAwait(false);

        var pod = outcome.StuckPod ?? await LatestPodAsync(name, cancellationToken).ConfigureAwait(false);
        var container = pod?.Status?.ContainerStatuses?.FirstOrDefault();
        var terminated = container?.State?.Terminated ?? container?.LastState?.Terminated;
        var message = TerminationMessage.TryParse(terminated?.Message);
        var logTail = pod is null || terminated is null ? string.Empty : await LogTailAsync(pod, cancellationToken).ConfigureAwait(false);
        if (outcome.GaveUp && options.DeleteStuckJob)
        {
            await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var image = job.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image;
        var succeeded = outcome.Succeeded && (message is null || string.Equals(message.State, "COMPLETED", StringComparison.Ordinal));
        var diagnosis = succeeded ? null : Diagnose(outcome, message, job, pod, image);
        return new KubernetesJobResult
        {
            JobName = name,
            Namespace = connection.Namespace,
            State = succeeded ? RunState.Completed : RunState.Error,
            Reason = outcome.Reason,
            Results = message?.Results ?? [],
            OutputNames = message?.Outputs ?? [],
            Error = succeeded ? null : message?.Error ?? new RunnerError("kubernetes", outcome.Reason ?? "JobFailed", diagnosis!),
            Diagnosis = diagnosis,
            LogTail = logTail,
            PodName = pod?.Metadata?.Name,
            TerminationText = terminated?.Message,
        };
    }

    private static string Diagnose(JobOutcome outcome, TerminationMessage? message, V1Job job, V1Pod? pod, string? image)
    {
        if (outcome.Succeeded)
        {
            return $"The Job completed but the runner reported state '{message?.State}'. See the error and log tail.";
        }

        var explained = JobDiagnosis.Explain(outcome.Reason, outcome.Message, job, pod, image);
        return message?.Error is { } error ? $"{explained} The function failed in {error.Category}: {error.Type}: {error.Message}" : explained;
    }

    private async Task<JobOutcome> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var ns = connection.Namespace;
        var batch = connection.Client.BatchV1;
        var core = connection.Client.CoreV1;
        var fieldSelector = $"metadata.name={name}";
        var labelSelector = $"{JobNameLabel}={name}";
        var jobs = new ResumableWatch<V1Job, V1JobList>(
            $"Job {ns}/{name}",
            retry,
            ct => batch.ListNamespacedJobAsync(ns, fieldSelector: fieldSelector, cancellationToken: ct),
            (rv, onError, ct) => batch.WatchListNamespacedJobAsync(
                ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv, onError: onError, cancellationToken: ct));
        var pods = PodWatch.Create(connection.Client, retry, ns, labelSelector, $"Job {ns}/{name}");

        // Pod Security admission refuses pods before they exist: only the Job's events say so.
        var eventSelector = $"involvedObject.kind=Job,involvedObject.name={name}";
        var events = new ResumableWatch<Corev1Event, Corev1EventList>(
            $"events of Job {ns}/{name}",
            retry,
            ct => core.ListNamespacedEventAsync(ns, fieldSelector: eventSelector, cancellationToken: ct),
            (rv, onError, ct) => core.WatchListNamespacedEventAsync(
                ns, allowWatchBookmarks: true, fieldSelector: eventSelector, resourceVersion: rv, onError: onError, cancellationToken: ct));

        using var unschedulable = new UnschedulableTimer(options.UnschedulableGrace, retry.Time);
        using var all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var jobTask = jobs.RunAsync(JobOutcome.FromJob, all.Token);
        var podTask = pods.RunAsync(
            (type, pod) =>
            {
                unschedulable.Observe(type, pod);
                return JobOutcome.FromPod(type, pod);
            },
            all.Token);
        var eventTask = events.RunAsync(JobOutcome.FromEvent, all.Token);
        var timerTask = WhenUnschedulableAsync(unschedulable, all.Token);
        var first = await Task.WhenAny(jobTask, podTask, eventTask, timerTask).ConfigureAwait(false);
        await all.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(jobTask, podTask, eventTask, timerTask).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The other watches were stopped (or failed) after the first one decided; only the first one's result counts.
        }

        return await first.ConfigureAwait(false);
    }

    private static async Task<JobOutcome> WhenUnschedulableAsync(UnschedulableTimer timer, CancellationToken cancellationToken) =>
        JobOutcome.FromUnschedulable(await timer.Expired.WaitAsync(cancellationToken).ConfigureAwait(false));

    private async Task<V1Pod?> LatestPodAsync(string name, CancellationToken cancellationToken)
    {
        var list = await retry.ExecuteAsync(
            $"list pods of Job {connection.Namespace}/{name}",
            ct => connection.Client.CoreV1.ListNamespacedPodAsync(connection.Namespace, labelSelector: $"{JobNameLabel}={name}", cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        return list.Items?
            .OrderBy(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .LastOrDefault();
    }

    private async Task<string> LogTailAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(
                $"read log of pod {connection.Namespace}/{pod.Metadata.Name}",
                async ct =>
                {
                    var stream = await connection.Client.CoreV1.ReadNamespacedPodLogAsync(
                        pod.Metadata.Name,
                        connection.Namespace,
                        container: pod.Spec?.Containers?.FirstOrDefault()?.Name,
                        tailLines: options.LogTailLines,
                        cancellationToken: ct).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        using var reader = new StreamReader(stream, Encoding.UTF8);
                        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // The container never started or the pod is gone: there is no log to show.
            return string.Empty;
        }
    }

    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await retry.ExecuteAsync(
                $"delete Job {connection.Namespace}/{name}",
                ct => connection.Client.BatchV1.DeleteNamespacedJobAsync(name, connection.Namespace, propagationPolicy: "Background", cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
