namespace PythonRuntime.Execution;

/// <summary>Where runs keep their state and how local environments are made.</summary>
public sealed record RunServiceOptions(string RepositoryRoot)
{
    /// <summary>Gets the state folder (store, artifacts, logs, caches); default <c>.pythonruntime</c> under the root.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Gets a pip index URL that wins over the project's; null leaves pip's own configuration alone.</summary>
    public string? PipIndexUrl { get; init; }

    /// <summary>Gets how runs with the Kubernetes executor reach the cluster.</summary>
    public KubernetesOptions? Kubernetes { get; init; }

    /// <summary>Gets how the docker executor and the build action build and push images.</summary>
    public Images.ImageBuildSettings Images { get; init; } = new();

    /// <summary>
    /// Gets how many bytes of a local job's output are logged and shown (64 MiB by default); beyond it one line says
    /// so and the rest is dropped, so a handler printing without end cannot fill the disk. The run itself goes on.
    /// </summary>
    public long MaxLogBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Gets where progress and the function's output are shown.</summary>
    public IRunLog Log { get; init; } = SilentRunLog.Instance;

    /// <summary>Gets the state folder in effect.</summary>
    public string ResolvedStateDirectory =>
        Path.GetFullPath(StateDirectory ?? Store.RunStore.DefaultStateDirectory(RepositoryRoot), RepositoryRoot);
}
