namespace PythonRuntime.Kubernetes;

/// <summary>
/// Where to find the cluster: <c>--kubeconfig</c>, <c>--context</c> and <c>--namespace</c> as given on the command
/// line (null when not given), the project's namespace from project.yaml, and the environment to read
/// <c>KUBECONFIG</c> and the home folder from.
/// </summary>
public sealed record KubernetesConnectionOptions
{
    /// <summary>Gets the kubeconfig file given with <c>--kubeconfig</c>.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>Gets the kubeconfig context given with <c>--context</c>; the file's current context when null.</summary>
    public string? Context { get; init; }

    /// <summary>Gets the namespace given with <c>--namespace</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the namespace from project.yaml, used when <see cref="Namespace"/> is null.</summary>
    public string? ProjectNamespace { get; init; }

    /// <summary>Gets how environment variables are read (tests pass their own).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Gets the user's home folder, where <c>.kube/config</c> is looked for.</summary>
    public string HomeFolder { get; init; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>Gets a value indicating whether in-cluster configuration may be used when no kubeconfig file exists.</summary>
    public Func<bool> IsInCluster { get; init; } = k8s.KubernetesClientConfiguration.IsInCluster;
}
