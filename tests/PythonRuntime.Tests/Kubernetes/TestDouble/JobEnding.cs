namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>The scripted end of a Job in the test double.</summary>
internal enum JobEnding
{
    Complete,
    BackoffLimitExceeded,
    DeadlineExceeded,
    ImagePullBackOff,

    /// <summary>The Job and its pod are deleted (by a person or the TTL controller) while it runs.</summary>
    Deleted,

    /// <summary>No pod is ever created: the Job gets a FailedCreate event saying the pod "violates PodSecurity".</summary>
    PodSecurityRejected,

    /// <summary>The pod stays Pending with PodScheduled=False (Unschedulable) and a FailedScheduling event.</summary>
    Unschedulable,
}
