namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>How the test double allocates for Services: the node port it assigns and a LoadBalancer's ingress address.</summary>
internal sealed record ServiceBehaviour
{
    /// <summary>Gets the node port given to NodePort and LoadBalancer Services; 30080 when null.</summary>
    public int? NodePort { get; init; }

    /// <summary>Gets the ingress IP a LoadBalancer gets after <see cref="IngressAfter"/>; null never assigns one.</summary>
    public string? LoadBalancerIngress { get; init; } = "127.0.0.1";

    public TimeSpan IngressAfter { get; init; } = TimeSpan.FromMilliseconds(30);
}
