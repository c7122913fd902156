namespace PythonRuntime.Kubernetes;

/// <summary>
/// A serve deployment that rolled out: its Deployment and Service, the URL it answers on, and whether the apply
/// changed anything (an apply of identical content leaves both objects' resourceVersion as it was).
/// </summary>
public sealed record ServeDeployment
{
    public required string Namespace { get; init; }

    public required string DeploymentName { get; init; }

    public required string ServiceName { get; init; }

    /// <summary>Gets the URL a client uses, as <see cref="ServiceUrl"/> derives it from the Service type.</summary>
    public required string Url { get; init; }

    /// <summary>Gets a value indicating whether the Deployment or the Service was created or changed by the apply.</summary>
    public required bool Changed { get; init; }

    /// <summary>Gets the Deployment's generation after the apply (a changed pod template raises it).</summary>
    public long Generation { get; init; }

    /// <summary>Gets the rollout's final message, as <c>kubectl rollout status</c> would print it.</summary>
    public required string Message { get; init; }
}
