using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Store;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// How a Job run ended: <see cref="RunState.Completed"/> or <see cref="RunState.Error"/>, the runner's results and output
/// names, the error (the runner's, or category <c>kubernetes</c> for a failure of the cluster side), a one-line
/// diagnosis and the pod's log tail.
/// </summary>
public sealed record KubernetesJobResult
{
    public required string JobName { get; init; }

    public required string Namespace { get; init; }

    public required RunState State { get; init; }

    /// <summary>Gets the Job condition reason or pod waiting reason (BackoffLimitExceeded, DeadlineExceeded, ImagePullBackOff...).</summary>
    public string? Reason { get; init; }

    public IReadOnlyDictionary<string, JsonElement> Results { get; init; } = new Dictionary<string, JsonElement>();

    public IReadOnlyList<string> OutputNames { get; init; } = [];

    public RunnerError? Error { get; init; }

    /// <summary>Gets a short explanation of a failure and what to do; null on success.</summary>
    public string? Diagnosis { get; init; }

    /// <summary>Gets the last lines of the pod's log (empty when the container never started).</summary>
    public string LogTail { get; init; } = string.Empty;

    public string? PodName { get; init; }

    /// <summary>Gets the container's termination message as written (the runner's JSON, or a Kaniko image digest).</summary>
    public string? TerminationText { get; init; }
}
