using PythonRuntime.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>One test's Kubernetes API test double, a kubeconfig for it, a fake clock and the executor parts wired to them.</summary>
internal sealed class KubernetesTestBed : IAsyncDisposable
{
    private KubernetesTestBed(KubernetesApiTestDouble api, string folder, ApiRetryOptions retryOptions, ApplyOptions applyOptions)
    {
        Api = api;
        Folder = folder;
        Kubeconfig = api.WriteKubeconfig(folder);
        Connection = KubernetesConnection.Create(new KubernetesConnectionOptions { KubeconfigPath = Kubeconfig, ProjectNamespace = "demo" });
        Retry = new ApiRetry(retryOptions, Clock);
        Applier = new KubernetesApplier(Connection, Retry, applyOptions);
        Runner = new KubernetesJobRunner(Connection, Applier, Retry, new KubernetesJobRunOptions { LogTailLines = 3 });
    }

    public KubernetesApiTestDouble Api { get; }

    public string Folder { get; }

    public string Kubeconfig { get; }

    public AutoAdvancingTimeProvider Clock { get; } = new();

    public KubernetesConnection Connection { get; }

    public ApiRetry Retry { get; }

    public KubernetesApplier Applier { get; }

    public KubernetesJobRunner Runner { get; }

    /// <summary>Retries with no jitter (NextRandom 0.5 gives a factor of exactly 1), so timings are exact.</summary>
    public static ApiRetryOptions ExactRetries { get; } = ApiRetryOptions.Default with { NextRandom = () => 0.5 };

    public static KubernetesTestBed Start(ApiRetryOptions? retry = null, ApplyOptions? apply = null)
    {
        var folder = Directory.CreateTempSubdirectory("pythonruntime-k8s-").FullName;
        return new KubernetesTestBed(KubernetesApiTestDouble.Start(), folder, retry ?? ExactRetries, apply ?? new ApplyOptions());
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Api.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(Folder, recursive: true);
    }
}
