namespace PythonRuntime.Execution;

/// <summary>How runs reach a cluster: the kubeconfig (else KUBECONFIG, ~/.kube/config, in-cluster), context, namespace and apply behaviour.</summary>
public sealed record KubernetesOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Gets a value indicating whether server-side apply may take fields owned by another manager.</summary>
    public bool ForceConflicts { get; init; }

    /// <summary>
    /// Gets the docker-config Secret (type <c>kubernetes.io/dockerconfigjson</c>) the in-cluster build pushes with;
    /// <c>pythonruntime-registry</c> when null (<c>--registry-secret</c>).
    /// </summary>
    public string? RegistrySecret { get; init; }

    /// <summary>Gets a value indicating whether the in-cluster build may push to a plain-HTTP registry (<c>--insecure-registry</c>).</summary>
    public bool InsecureRegistry { get; init; }

    /// <summary>Gets the bounds of API retries; <see cref="PythonRuntime.Kubernetes.ApiRetryOptions.Default"/> when null.</summary>
    public PythonRuntime.Kubernetes.ApiRetryOptions? Retry { get; init; }
}
