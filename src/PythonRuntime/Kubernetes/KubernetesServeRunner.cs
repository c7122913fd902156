using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Deploys one serve function: applies its Deployment and Service (server-side apply), waits for the rollout as
/// <c>kubectl rollout status</c> judges it (<see cref="RolloutStatus"/>) while watching the pods for one that cannot
/// start, then works out the URL (<see cref="ServiceUrl"/>; a LoadBalancer's ingress is waited for in the same
/// time limit). A failure or timeout throws with a diagnosis taken from the Deployment, its pods and events.
/// </summary>
public sealed class KubernetesServeRunner
{
    private readonly KubernetesConnection connection;
    private readonly KubernetesApplier applier;
    private readonly ApiRetry retry;
    private readonly ServeRolloutOptions options;

    public KubernetesServeRunner(KubernetesConnection connection, KubernetesApplier applier, ApiRetry retry, ServeRolloutOptions options)
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

    /// <summary>Applies both objects and returns once the Deployment is rolled out and the URL is known.</summary>
    /// <exception cref="PythonRuntimeException">The apply was refused, the rollout failed or did not finish within the ready timeout.</exception>
    public async Task<ServeDeployment> DeployAsync(V1Deployment deployment, V1Service service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(service);
        var ns = connection.Namespace;
        var name = deployment.Metadata.Name;
        var serviceName = service.Metadata.Name;

        // The versions before the apply tell "unchanged" from "changed": an apply of identical content is a no-op on
        // the server and keeps the resourceVersion.
        var deploymentBefore = await ResourceVersionAsync($"Deployment {ns}/{name}", ct => connection.Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var serviceBefore = await ResourceVersionAsync($"Service {ns}/{serviceName}", ct => connection.Client.CoreV1.ReadNamespacedServiceAsync(serviceName, ns, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var appliedDeployment = await applier.ApplyAsync(deployment, cancellationToken).ConfigureAwait(false);
        var appliedService = await applier.ApplyAsync(service, cancellationToken).ConfigureAwait(false);
        var changed = deploymentBefore != appliedDeployment.Metadata?.ResourceVersion || serviceBefore != appliedService.Metadata?.ResourceVersion;

        using var timeout = new CancellationTokenSource(options.ReadyTimeout, retry.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var image = deployment.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image;
        var selector = Selector(deployment);
        string? lastMessage = null;
        var rolledOut = false;
        try
        {
            var rollout = await WaitForRolloutAsync(name, selector, m => lastMessage = m, linked.Token).ConfigureAwait(false);
            if (rollout.Failure is { } failure)
            {
                var pods = failure.Problem is null ? await PodsAsync(selector, cancellationToken).ConfigureAwait(false) : [];
                var message = failure.Problem?.Explain(image) ?? DeploymentDiagnosis.WithPods(failure.Message!, pods, image);
                throw new PythonRuntimeException(ExitCodes.RunFailed, message);
            }

            rolledOut = true;
            var url = await UrlAsync(appliedService, linked.Token).ConfigureAwait(false);
            return new ServeDeployment
            {
                Namespace = ns,
                DeploymentName = name,
                ServiceName = serviceName,
                Url = url,
                Changed = changed,
                Generation = rollout.Deployment?.Metadata?.Generation ?? 0,
                Message = rollout.Message,
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PythonRuntimeException(ExitCodes.RunFailed, await TimeoutMessageAsync(name, serviceName, selector, rolledOut, lastMessage, image, cancellationToken).ConfigureAwait(false));
        }
    }

    private static string Selector(V1Deployment deployment)
    {
        var labels = deployment.Spec?.Selector?.MatchLabels;
        if (labels is null || labels.Count == 0)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"Deployment '{deployment.Metadata?.Name}' has no spec.selector.matchLabels; render the serve manifests again.");
        }

        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
    }

    private async Task<string?> ResourceVersionAsync<T>(string what, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : IMetadata<V1ObjectMeta>
    {
        try
        {
            var found = await retry.ExecuteAsync($"read {what}", read, cancellationToken).ConfigureAwait(false);
            return found.Metadata?.ResourceVersion;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e) when (e.Response is not null)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"Reading {what} failed: {ApiRetry.Describe(e)}. Check the credentials and that the account may get this kind in the namespace (RBAC).", e);
        }
    }

    private async Task<RolloutWait> WaitForRolloutAsync(string name, string selector, Action<string> progress, CancellationToken cancellationToken)
    {
        var ns = connection.Namespace;
        var apps = connection.Client.AppsV1;
        var fieldSelector = $"metadata.name={name}";
        var deployments = new ResumableWatch<V1Deployment, V1DeploymentList>(
            $"Deployment {ns}/{name}",
            retry,
            ct => apps.ListNamespacedDeploymentAsync(ns, fieldSelector: fieldSelector, cancellationToken: ct),
            (rv, onError, ct) => apps.WatchListNamespacedDeploymentAsync(
                ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv, onError: onError, cancellationToken: ct));
        var pods = PodWatch.Create(connection.Client, retry, ns, selector, $"Deployment {ns}/{name}");

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deploymentTask = deployments.RunAsync(
            (type, deployment) =>
            {
                if (type == WatchEventType.Deleted)
                {
                    return RolloutWait.Failed($"Deployment '{ns}/{name}' was deleted while its rollout was awaited (by someone else, or an Undeploy). Run again.", null);
                }

                if (DeploymentDiagnosis.Failure(deployment) is { } failure)
                {
                    return RolloutWait.Failed(failure, null);
                }

                var status = RolloutStatus.Of(deployment);
                progress(status.Message);
                return status.Phase == RolloutPhase.Done ? new RolloutWait(deployment, status.Message, null) : null;
            },
            both.Token);

        // Pending pods are left to the ready timeout (a node may be added); a container that cannot start is final.
        var podTask = pods.RunAsync(
            (type, pod) => type != WatchEventType.Deleted && PodProblem.ContainerStuck(pod, crashLoopCounts: true) is { } problem
                ? RolloutWait.Failed(null, problem)
                : null,
            both.Token);
        var first = await Task.WhenAny(deploymentTask, podTask).ConfigureAwait(false);
        await both.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(deploymentTask, podTask).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The other watch was stopped (or failed) after the first one decided.
        }

        return await first.ConfigureAwait(false);
    }

    private async Task<string> UrlAsync(V1Service applied, CancellationToken cancellationToken)
    {
        var nodes = ServiceUrl.NeedsNodes(applied)
            ? (await retry.ExecuteAsync("list nodes", ct => connection.Client.CoreV1.ListNodeAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false)).Items.ToList()
            : [];
        if (ServiceUrl.Of(applied, nodes) is { } url)
        {
            return url;
        }

        // A LoadBalancer: wait for the cloud to assign the ingress address, within the same ready timeout.
        var ns = connection.Namespace;
        var name = applied.Metadata.Name;
        var fieldSelector = $"metadata.name={name}";
        var services = new ResumableWatch<V1Service, V1ServiceList>(
            $"Service {ns}/{name}",
            retry,
            ct => connection.Client.CoreV1.ListNamespacedServiceAsync(ns, fieldSelector: fieldSelector, cancellationToken: ct),
            (rv, onError, ct) => connection.Client.CoreV1.WatchListNamespacedServiceAsync(
                ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv, onError: onError, cancellationToken: ct));
        return await services.RunAsync((type, service) => type == WatchEventType.Deleted ? null : ServiceUrl.Of(service, nodes), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<V1Pod>> PodsAsync(string selector, CancellationToken cancellationToken)
    {
        var list = await retry.ExecuteAsync(
            $"list pods {connection.Namespace}/{selector}",
            ct => connection.Client.CoreV1.ListNamespacedPodAsync(connection.Namespace, labelSelector: selector, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        return list.Items?.ToList() ?? [];
    }

    private async Task<string> TimeoutMessageAsync(string name, string serviceName, string selector, bool rolledOut, string? lastMessage, string? image, CancellationToken cancellationToken)
    {
        var seconds = options.ReadyTimeout.TotalSeconds;
        if (rolledOut)
        {
            return $"Service '{connection.Namespace}/{serviceName}' got no LoadBalancer ingress address within {seconds:0.#} s. Check that the cluster has a load-balancer controller, or use service_type NodePort or ClusterIP.";
        }

        var message = lastMessage is null
            ? $"Deployment '{connection.Namespace}/{name}' was not ready within {seconds:0.#} s."
            : $"Deployment '{connection.Namespace}/{name}' was not ready within {seconds:0.#} s: {lastMessage}.";
        var pods = await PodsAsync(selector, cancellationToken).ConfigureAwait(false);
        if (pods.Count > 0)
        {
            return DeploymentDiagnosis.WithPods(message, pods, image) + " Raise --ready-timeout if it is only slow.";
        }

        // No pods at all: the ReplicaSet may be unable to create them; its FailedCreate events say why.
        var rejection = await CreateFailureAsync(name, cancellationToken).ConfigureAwait(false);
        return rejection is null
            ? $"{message} No pod was created; check 'kubectl describe deployment {name} -n {connection.Namespace}' and the ReplicaSet's events (a spec update never observed means the Deployment controller is not running). Raise --ready-timeout if the cluster is only slow."
            : $"{message} Its ReplicaSet cannot create pods: {rejection}";
    }

    private async Task<string?> CreateFailureAsync(string name, CancellationToken cancellationToken)
    {
        var events = await retry.ExecuteAsync(
            $"list events of Deployment {connection.Namespace}/{name}",
            ct => connection.Client.CoreV1.ListNamespacedEventAsync(connection.Namespace, fieldSelector: "involvedObject.kind=ReplicaSet,reason=FailedCreate", cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        return events.Items?
            .Where(e => e.InvolvedObject?.Name?.StartsWith(name + "-", StringComparison.Ordinal) == true)
            .OrderBy(e => e.LastTimestamp ?? e.EventTime ?? DateTime.MinValue)
            .Select(e => JobOutcome.IsPodSecurityRejection(e.Reason, e.Message)
                ? $"Pod Security admission refuses them ({e.Message}). Deploy to a namespace whose enforce level allows them."
                : $"{e.Reason} ({e.Message}).")
            .LastOrDefault();
    }
}
