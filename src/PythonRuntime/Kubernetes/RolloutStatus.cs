using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Where a Deployment rollout stands, judged with kubectl's <c>rollout status</c> algorithm: waiting (with why), done,
/// or failed (<c>ProgressDeadlineExceeded</c>).
/// </summary>
public sealed record RolloutStatus(RolloutPhase Phase, string Message)
{
    /// <summary>Judges <paramref name="deployment"/> as kubectl does; never from a status older than the spec.</summary>
    public static RolloutStatus Of(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var name = deployment.Metadata?.Name;
        var status = deployment.Status;
        if (status is null || (deployment.Metadata?.Generation ?? 0) > (status.ObservedGeneration ?? 0))
        {
            return new(RolloutPhase.Waiting, $"Waiting for deployment '{name}' spec update to be observed");
        }

        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == "ProgressDeadlineExceeded")
        {
            return new(RolloutPhase.Failed, $"Deployment '{name}' exceeded its progress deadline ({progressing.Message}). Check the pods' events and logs, then fix the image, probes or resources.");
        }

        var desired = deployment.Spec?.Replicas ?? 1;
        var updated = status.UpdatedReplicas ?? 0;
        var replicas = status.Replicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        if (updated < desired)
        {
            return new(RolloutPhase.Waiting, $"Waiting for deployment '{name}' rollout to finish: {updated} out of {desired} new replicas have been updated");
        }

        if (replicas > updated)
        {
            return new(RolloutPhase.Waiting, $"Waiting for deployment '{name}' rollout to finish: {replicas - updated} old replicas are pending termination");
        }

        if (available < updated)
        {
            return new(RolloutPhase.Waiting, $"Waiting for deployment '{name}' rollout to finish: {available} of {updated} updated replicas are available");
        }

        return new(RolloutPhase.Done, $"Deployment '{name}' successfully rolled out");
    }
}
