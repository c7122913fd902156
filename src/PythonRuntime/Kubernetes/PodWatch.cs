using k8s;
using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>The list-then-watch of the pods a workload owns, found by their labels: the same for a Job and a Deployment.</summary>
internal static class PodWatch
{
    /// <summary>Watches the pods of <paramref name="owner"/> (for messages, e.g. "Job demo/hello-1a2b") matching <paramref name="labelSelector"/>.</summary>
    public static ResumableWatch<V1Pod, V1PodList> Create(IKubernetes client, ApiRetry retry, string ns, string labelSelector, string owner)
    {
        var core = client.CoreV1;
        return new ResumableWatch<V1Pod, V1PodList>(
            $"pods of {owner}",
            retry,
            ct => core.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct),
            (rv, onError, ct) => core.WatchListNamespacedPodAsync(
                ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv, onError: onError, cancellationToken: ct));
    }
}
