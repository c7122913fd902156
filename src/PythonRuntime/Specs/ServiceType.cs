namespace PythonRuntime.Specs;

/// <summary>How a served function is exposed; the seed's default is <see cref="NodePort"/>.</summary>
public enum ServiceType
{
    ClusterIP,
    NodePort,
    LoadBalancer,
}
