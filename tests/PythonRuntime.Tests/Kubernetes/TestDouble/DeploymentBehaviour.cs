namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>
/// How the test double plays the Deployment controller (no ReplicaSets are modelled): after a Deployment is created
/// or its spec changes, its status becomes available after <see cref="AvailableAfter"/>, or - when
/// <see cref="NeverAvailable"/> - reports ProgressDeadlineExceeded after <see cref="ProgressDeadlineAfter"/>.
/// </summary>
internal sealed record DeploymentBehaviour
{
    public TimeSpan AvailableAfter { get; init; } = TimeSpan.FromMilliseconds(50);

    public bool NeverAvailable { get; init; }

    public TimeSpan ProgressDeadlineAfter { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets a ReplicaFailure condition message (for example a Pod Security rejection) set instead of progress; null for none.</summary>
    public string? ReplicaFailure { get; init; }

    /// <summary>Gets a container waiting reason (ImagePullBackOff, CrashLoopBackOff...) of the one pod the double creates; null for none.</summary>
    public string? PodWaitingReason { get; init; }

    /// <summary>Gets a value indicating whether the one pod the double creates stays unschedulable (PodScheduled False).</summary>
    public bool PodUnschedulable { get; init; }

    public static DeploymentBehaviour AvailableAfterMs(int milliseconds) => new() { AvailableAfter = TimeSpan.FromMilliseconds(milliseconds) };
}
