using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>Short, actionable explanations of why a Job did not complete.</summary>
internal static class JobDiagnosis
{
    private static readonly HashSet<string> StuckReasons = new(StringComparer.Ordinal)
    {
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "CreateContainerConfigError",
    };

    /// <summary>Gets whether a container waiting reason means the pod will not start on its own.</summary>
    public static bool IsStuck(string reason) =>
        StuckReasons.Contains(reason) && !string.Equals(reason, "ErrImagePull", StringComparison.Ordinal);

    /// <summary>Explains a Job failure from its reason, the Job spec and the pod's container state.</summary>
    public static string Explain(string? reason, string? message, V1Job job, V1Pod? pod, string? image)
    {
        var detail = string.IsNullOrWhiteSpace(message) ? string.Empty : $" ({message.Trim()})";
        var terminated = pod?.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated;
        return reason switch
        {
            "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" =>
                $"Image '{image}' cannot be pulled: {reason}{detail}. Check the image name and tag, that the registry is reachable from the cluster, and the imagePullSecrets.",
            "CreateContainerConfigError" =>
                $"The container cannot be created: {reason}{detail}. Check that every Secret and ConfigMap the function references exists in the namespace.",
            "DeadlineExceeded" =>
                $"The Job ran longer than activeDeadlineSeconds={job.Spec?.ActiveDeadlineSeconds} and was stopped{detail}. Raise the deadline or make the function faster.",
            "BackoffLimitExceeded" =>
                $"The pod failed{Exit(terminated)} and backoffLimit={job.Spec?.BackoffLimit} allows no more tries{detail}. See the error and log tail.",
            PodProblem.UnschedulableReason =>
                $"The Job's pod cannot be scheduled on any node{detail}. Lower the resource requests, or check the node_selector, affinity and tolerations against the cluster's nodes.",
            JobOutcome.PodSecurityReason =>
                $"Pod Security admission refuses the Job's pods{detail}. Run it in a namespace whose pod-security.kubernetes.io/enforce level allows this pod, or remove what the message names from the task.",
            JobOutcome.DeletedReason =>
                "The Job was deleted before it ended (by someone else, or by its ttlSecondsAfterFinished). Run again; check who deletes Jobs in the namespace.",
            _ => $"The Job failed: {reason ?? "no reason given"}{detail}.",
        };
    }

    private static string Exit(V1ContainerStateTerminated? terminated) =>
        terminated is null ? string.Empty : $" with exit code {terminated.ExitCode} ({terminated.Reason ?? "no reason"})";
}
