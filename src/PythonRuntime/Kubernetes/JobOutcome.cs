using k8s;
using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// What ended the wait for a Job: its terminal condition, a pod that cannot start, or a pod that cannot be created or
/// placed. <see cref="GaveUp"/> means the Job itself never ends on its own and is deleted.
/// </summary>
internal sealed record JobOutcome(bool Succeeded, string? Reason, string? Message, V1Pod? StuckPod, bool GaveUp = false)
{
    /// <summary>The reason given when the Job disappears before it ends.</summary>
    public const string DeletedReason = "JobDeleted";

    /// <summary>The reason given when Pod Security admission refuses the Job's pods.</summary>
    public const string PodSecurityReason = "PodSecurityRejected";

    /// <summary>Gets the outcome of a pod that stayed unschedulable for the grace period.</summary>
    public static JobOutcome FromUnschedulable(PodProblem problem) =>
        new(false, PodProblem.UnschedulableReason, problem.Message, null, GaveUp: true);

    /// <summary>
    /// Gets the outcome of a Job event that means no pod will ever be created: <c>FailedCreate</c> because the pod
    /// "violates PodSecurity". Other FailedCreate causes (a quota, a webhook that is down) may pass, so the Job
    /// controller's retries are left to run.
    /// </summary>
    public static JobOutcome? FromEvent(WatchEventType type, Corev1Event item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return type != WatchEventType.Deleted && IsPodSecurityRejection(item.Reason, item.Message)
            ? new JobOutcome(false, PodSecurityReason, item.Message, null, GaveUp: true)
            : null;
    }

    /// <summary>Gets whether an event or condition says Pod Security admission refused a pod.</summary>
    public static bool IsPodSecurityRejection(string? reason, string? message) =>
        string.Equals(reason, "FailedCreate", StringComparison.Ordinal)
        && message is not null
        && message.Contains("violates PodSecurity", StringComparison.Ordinal);

    /// <summary>Gets the outcome of a Job whose Complete or Failed condition is True, or that was deleted; null while it runs.</summary>
    public static JobOutcome? FromJob(WatchEventType type, V1Job job)
    {
        if (type == WatchEventType.Deleted)
        {
            return new JobOutcome(false, DeletedReason, "The Job was deleted before it ended", null);
        }

        foreach (var condition in job.Status?.Conditions ?? [])
        {
            if (!string.Equals(condition.Status, "True", StringComparison.Ordinal))
            {
                continue;
            }

            // Wait for Complete/Failed, not the interim FailureTarget/SuccessCriteriaMet conditions.
            if (string.Equals(condition.Type, "Complete", StringComparison.Ordinal))
            {
                return new JobOutcome(true, condition.Reason, condition.Message, null);
            }

            if (string.Equals(condition.Type, "Failed", StringComparison.Ordinal))
            {
                return new JobOutcome(false, condition.Reason, condition.Message, null);
            }
        }

        return null;
    }

    /// <summary>Gets the outcome of a pod that will not start without help (a bad image, a missing Secret); null otherwise.</summary>
    public static JobOutcome? FromPod(WatchEventType type, V1Pod pod)
    {
        if (type == WatchEventType.Deleted)
        {
            return null;
        }

        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            var waiting = status.State?.Waiting;
            if (waiting?.Reason is { } reason && JobDiagnosis.IsStuck(reason))
            {
                return new JobOutcome(false, reason, waiting.Message, pod, GaveUp: true);
            }
        }

        return null;
    }
}
