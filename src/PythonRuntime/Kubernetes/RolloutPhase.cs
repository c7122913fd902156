namespace PythonRuntime.Kubernetes;

/// <summary>The phase of a Deployment rollout as <c>kubectl rollout status</c> sees it.</summary>
public enum RolloutPhase
{
    Waiting,
    Done,
    Failed,
}
