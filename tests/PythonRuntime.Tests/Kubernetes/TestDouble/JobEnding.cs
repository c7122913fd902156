namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>The scripted end of a Job in the test double.</summary>
internal enum JobEnding
{
    Complete,
    BackoffLimitExceeded,
    DeadlineExceeded,
    ImagePullBackOff,
}
