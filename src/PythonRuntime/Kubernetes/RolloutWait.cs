using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>How the wait for a rollout ended: rolled out (with the Deployment seen last), or failed with a message or a pod problem.</summary>
internal sealed record RolloutWait(V1Deployment? Deployment, string Message, RolloutFailure? Failure)
{
    public static RolloutWait Failed(string? message, PodProblem? problem) =>
        new(null, message ?? problem?.Reason ?? "failed", new RolloutFailure(message, problem));
}
