namespace PythonRuntime.Kubernetes;

/// <summary>Options of one Job run on the cluster.</summary>
public sealed record KubernetesJobRunOptions
{
    /// <summary>Gets how many log lines of the pod are kept in the result.</summary>
    public int LogTailLines { get; init; } = 100;

    /// <summary>Gets a value indicating whether a Job whose pod cannot start (image pull, missing secret) is deleted.</summary>
    public bool DeleteStuckJob { get; init; } = true;

    /// <summary>
    /// Gets how long a pod may stay unschedulable before the run gives up; a cluster autoscaler may add a node in
    /// that time. Two minutes by default.
    /// </summary>
    public TimeSpan UnschedulableGrace { get; init; } = TimeSpan.FromMinutes(2);
}
