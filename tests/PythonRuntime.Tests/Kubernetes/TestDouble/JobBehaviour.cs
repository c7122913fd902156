namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>How the test double plays the Job controller and kubelet for every Job applied to it.</summary>
internal sealed record JobBehaviour
{
    public required JobEnding Ending { get; init; }

    /// <summary>Gets the container's termination message (the runner's status JSON).</summary>
    public string? TerminationMessage { get; init; }

    /// <summary>Gets the pod log, lines separated by '\n'.</summary>
    public string Log { get; init; } = string.Empty;

    public int ExitCode { get; init; }

    public static JobBehaviour Succeeds(string terminationMessage, string log) =>
        new() { Ending = JobEnding.Complete, TerminationMessage = terminationMessage, Log = log };

    public static JobBehaviour FailsWith(JobEnding ending, string? terminationMessage, string log, int exitCode = 1) =>
        new() { Ending = ending, TerminationMessage = terminationMessage, Log = log, ExitCode = exitCode };
}
