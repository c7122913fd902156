using PythonRuntime.Kubernetes;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>
/// One connection to the cluster for one command, with the retry policy and the applier every executor shares. The
/// namespace is <c>--namespace</c>, else the project's, else <c>default</c>, unless a stored run names its own.
/// </summary>
internal sealed class KubernetesSession : IDisposable
{
    private KubernetesSession(KubernetesConnection connection, ApiRetry retry, KubernetesApplier applier, KubernetesOptions settings)
    {
        Connection = connection;
        Retry = retry;
        Applier = applier;
        Settings = settings;
    }

    public KubernetesConnection Connection { get; }

    public ApiRetry Retry { get; }

    public KubernetesApplier Applier { get; }

    public KubernetesOptions Settings { get; }

    public string Namespace => Connection.Namespace;

    /// <summary>Connects as the options say; <paramref name="namespaceOverride"/> wins (the namespace a run was deployed to).</summary>
    public static KubernetesSession Open(RunServiceOptions options, ProjectSpec? project, string? namespaceOverride = null)
    {
        var settings = options.Kubernetes ?? new KubernetesOptions();
        var connection = KubernetesConnection.Create(new KubernetesConnectionOptions
        {
            KubeconfigPath = settings.Kubeconfig,
            Context = settings.Context,
            Namespace = namespaceOverride ?? settings.Namespace,
            ProjectNamespace = project?.Namespace,
        });
        var retry = new ApiRetry(settings.Retry ?? ApiRetryOptions.Default, TimeProvider.System);
        return new KubernetesSession(connection, retry, new KubernetesApplier(connection, retry, new ApplyOptions { ForceConflicts = settings.ForceConflicts }), settings);
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}
