using k8s;
using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>What ended the wait for a Job: its terminal condition, or a pod that cannot start.</summary>
internal sealed record JobOutcome(bool Succeeded, string? Reason, string? Message, V1Pod? StuckPod)
{
    /// <summary>The reason given when the Job disappears before it ends.</summary>
    public const string DeletedReason = "JobDeleted";

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
                return new JobOutcome(false, reason, waiting.Message, pod);
            }
        }

        return null;
    }
}
