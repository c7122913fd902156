namespace PythonRuntime.Kubernetes;

/// <summary>Why a rollout failed: the Deployment's own message, or the problem of one of its pods.</summary>
internal sealed record RolloutFailure(string? Message, PodProblem? Problem);
