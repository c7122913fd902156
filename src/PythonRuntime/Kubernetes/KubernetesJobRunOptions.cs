namespace PythonRuntime.Kubernetes;

/// <summary>Options of one Job run on the cluster.</summary>
public sealed record KubernetesJobRunOptions
{
    /// <summary>Gets how many log lines of the pod are kept in the result.</summary>
    public int LogTailLines { get; init; } = 100;

    /// <summary>Gets a value indicating whether a Job whose pod cannot start (image pull, missing secret) is deleted.</summary>
    public bool DeleteStuckJob { get; init; } = true;
}
