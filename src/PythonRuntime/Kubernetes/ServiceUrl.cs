using System.Globalization;
using k8s.Models;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// The URL of a serve Service by its type: ClusterIP is reached by its cluster DNS name (from inside the cluster),
/// NodePort on a node's address (ExternalIP before InternalIP, Ready nodes first, by name) and the node port, and
/// LoadBalancer on its ingress address once the cloud assigned one.
/// </summary>
public static class ServiceUrl
{
    /// <summary>Gets whether the URL needs the nodes' addresses.</summary>
    public static bool NeedsNodes(V1Service service) => string.Equals(TypeOf(service), "NodePort", StringComparison.Ordinal);

    /// <summary>Gets the URL, or null for a LoadBalancer without an ingress address yet.</summary>
    /// <exception cref="PythonRuntimeException">The Service has no port, no node has an address, or the type cannot be reached.</exception>
    public static string? Of(V1Service service, IReadOnlyList<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(nodes);
        var name = service.Metadata?.Name;
        var ns = service.Metadata?.NamespaceProperty;
        var port = service.Spec?.Ports?.FirstOrDefault()
            ?? throw new PythonRuntimeException(ExitCodes.Environment, $"Service '{ns}/{name}' has no port; render the serve manifests again.");
        var type = TypeOf(service);
        switch (type)
        {
            case "ClusterIP":
                return $"http://{name}.{ns}.svc.cluster.local:{Number(port.Port)}";
            case "NodePort":
                var nodePort = port.NodePort ?? throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"NodePort Service '{ns}/{name}' has no node port assigned by the cluster. Check the Service with 'kubectl get service {name} -n {ns} -o yaml'.");
                var address = NodeAddress(nodes) ?? throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"No node of the cluster reports an ExternalIP or InternalIP, so NodePort Service '{ns}/{name}' has no address to call. Pass --url to Invoke, or use service_type: LoadBalancer.");
                return $"http://{Host(address)}:{Number(nodePort)}";
            case "LoadBalancer":
                var ingress = service.Status?.LoadBalancer?.Ingress?.FirstOrDefault(i => !string.IsNullOrEmpty(i.Ip) || !string.IsNullOrEmpty(i.Hostname));
                return ingress is null ? null : $"http://{Host(ingress.Ip ?? ingress.Hostname)}:{Number(port.Port)}";
            default:
                throw new PythonRuntimeException(
                    ExitCodes.Usage,
                    $"Service '{ns}/{name}' has type '{type}', which pythonruntime cannot give a URL for; use service_type ClusterIP, NodePort or LoadBalancer.");
        }
    }

    private static string TypeOf(V1Service service) => service.Spec?.Type ?? "ClusterIP";

    private static string? NodeAddress(IReadOnlyList<V1Node> nodes)
    {
        // A Ready node first; on it an ExternalIP (reachable from outside) before an InternalIP; ties by node name.
        var ordered = nodes
            .OrderBy(n => IsReady(n) ? 0 : 1)
            .ThenBy(n => n.Metadata?.Name, StringComparer.Ordinal);
        foreach (var kind in new[] { "ExternalIP", "InternalIP" })
        {
            foreach (var node in ordered)
            {
                var address = node.Status?.Addresses?.FirstOrDefault(a => string.Equals(a.Type, kind, StringComparison.Ordinal) && !string.IsNullOrEmpty(a.Address));
                if (address is not null)
                {
                    return address.Address;
                }
            }
        }

        return null;
    }

    private static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    // An IPv6 address goes in brackets in a URL.
    private static string Host(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
