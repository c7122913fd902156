using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>Short, actionable explanations of why a serve Deployment did not become available.</summary>
internal static class DeploymentDiagnosis
{
    /// <summary>
    /// Gets the failure a Deployment reports by itself: <c>ReplicaFailure</c> (its ReplicaSet cannot create pods, for
    /// example because Pod Security refuses them) or a rollout past its progress deadline; null while it progresses.
    /// </summary>
    public static string? Failure(V1Deployment deployment)
    {
        var name = deployment.Metadata?.Name;
        var replicaFailure = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True");
        if (replicaFailure is not null)
        {
            return JobOutcome.IsPodSecurityRejection(replicaFailure.Reason, replicaFailure.Message)
                ? $"Pod Security admission refuses the pods of Deployment '{name}' ({replicaFailure.Message}). Deploy to a namespace whose pod-security.kubernetes.io/enforce level allows them, or remove what the message names from the serve task."
                : $"Deployment '{name}' cannot create its pods: {replicaFailure.Reason} ({replicaFailure.Message}). Check the namespace's quotas, limit ranges and admission webhooks.";
        }

        var status = RolloutStatus.Of(deployment);
        return status.Phase == RolloutPhase.Failed ? status.Message : null;
    }

    /// <summary>Adds what the pods say (a bad image, a crash loop, no node) to a failure or timeout message.</summary>
    public static string WithPods(string message, IEnumerable<V1Pod> pods, string? image)
    {
        var problem = pods
            .OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .Select(p => PodProblem.Of(p, crashLoopCounts: true))
            .FirstOrDefault(p => p is not null);
        return problem is null ? message : $"{message} {problem.Explain(image)}";
    }
}
