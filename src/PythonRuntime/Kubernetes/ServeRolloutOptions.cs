namespace PythonRuntime.Kubernetes;

/// <summary>How long a serve deployment may take: the rollout and, for a LoadBalancer, the ingress address together.</summary>
public sealed record ServeRolloutOptions
{
    /// <summary>Gets the limit on the whole wait after the apply; 60 s by default (the Run target's <c>--ready-timeout</c>).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
