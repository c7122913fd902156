namespace PythonRuntime.Execution;

/// <summary>How runs reach a cluster: the kubeconfig (else KUBECONFIG, ~/.kube/config, in-cluster), context, namespace and apply behaviour.</summary>
public sealed record KubernetesOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Gets a value indicating whether server-side apply may take fields owned by another manager.</summary>
    public bool ForceConflicts { get; init; }
}
