using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Why a pod is not running: a container that will not start without help (a bad image, a missing Secret, a crash
/// loop) or a pod the scheduler cannot place. <see cref="Reason"/> is the kubelet's or scheduler's reason.
/// </summary>
public sealed record PodProblem(string Reason, string? Message, string PodName)
{
    /// <summary>The scheduler's reason for a pod no node can take.</summary>
    public const string UnschedulableReason = "Unschedulable";

    /// <summary>Gets the problem of a container that will not start on its own; null when there is none.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="crashLoopCounts">Whether CrashLoopBackOff counts: a service that keeps crashing will not become ready, a Job pod's crash ends the Job by itself.</param>
    public static PodProblem? ContainerStuck(V1Pod pod, bool crashLoopCounts)
    {
        ArgumentNullException.ThrowIfNull(pod);
        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            var waiting = status.State?.Waiting;
            if (waiting?.Reason is not { } reason)
            {
                continue;
            }

            if (JobDiagnosis.IsStuck(reason) || (crashLoopCounts && string.Equals(reason, "CrashLoopBackOff", StringComparison.Ordinal)))
            {
                return new PodProblem(reason, waiting.Message, pod.Metadata?.Name ?? "?");
            }
        }

        return null;
    }

    /// <summary>Gets the scheduler's verdict when the pod's <c>PodScheduled</c> condition is False with reason Unschedulable.</summary>
    public static PodProblem? Unschedulable(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => string.Equals(c.Type, "PodScheduled", StringComparison.Ordinal));
        return scheduled is not null
            && string.Equals(scheduled.Status, "False", StringComparison.Ordinal)
            && string.Equals(scheduled.Reason, UnschedulableReason, StringComparison.Ordinal)
            ? new PodProblem(UnschedulableReason, scheduled.Message, pod.Metadata?.Name ?? "?")
            : null;
    }

    /// <summary>Gets the first problem of a pod: a stuck container, else an unschedulable pod.</summary>
    public static PodProblem? Of(V1Pod pod, bool crashLoopCounts) => ContainerStuck(pod, crashLoopCounts) ?? Unschedulable(pod);

    /// <summary>Explains the problem in one sentence with what to do.</summary>
    public string Explain(string? image)
    {
        var detail = string.IsNullOrWhiteSpace(Message) ? string.Empty : $" ({Message.Trim()})";
        return Reason switch
        {
            UnschedulableReason =>
                $"Pod '{PodName}' cannot be scheduled on any node{detail}. Lower the resource requests, or check the node_selector, affinity and tolerations against the cluster's nodes.",
            "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" =>
                $"Pod '{PodName}' cannot pull image '{image}': {Reason}{detail}. Check the image name and tag, that the registry is reachable from the cluster, and the imagePullSecrets.",
            "CreateContainerConfigError" =>
                $"Pod '{PodName}' cannot create its container: {Reason}{detail}. Check that every Secret and ConfigMap the function references exists in the namespace.",
            "CrashLoopBackOff" =>
                $"Pod '{PodName}' keeps crashing: {Reason}{detail}. Read its log (kubectl logs {PodName} --previous); the function's init or import probably fails.",
            _ => $"Pod '{PodName}' is not running: {Reason}{detail}.",
        };
    }
}
