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

        // Serve waits have a real time limit, which the auto-advancing clock would fire at once: they use the real
        // clock with short retry delays instead.
        RealRetry = new ApiRetry(RealClockRetries, TimeProvider.System);
        RealApplier = new KubernetesApplier(Connection, RealRetry, applyOptions);
    }

    public KubernetesApiTestDouble Api { get; }

    public string Folder { get; }

    public string Kubeconfig { get; }

    public AutoAdvancingTimeProvider Clock { get; } = new();

    public KubernetesConnection Connection { get; }

    public ApiRetry Retry { get; }

    public KubernetesApplier Applier { get; }

    public KubernetesJobRunner Runner { get; }

    /// <summary>Gets retries on the real clock (10 ms doubling to 50 ms, no jitter) for waits with a time limit.</summary>
    public static ApiRetryOptions RealClockRetries { get; } = ApiRetryOptions.Default with
    {
        NextRandom = () => 0.5,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
    };

    public ApiRetry RealRetry { get; }

    public KubernetesApplier RealApplier { get; }

    /// <summary>A serve runner on the real clock with the given ready timeout (10 s by default).</summary>
    public KubernetesServeRunner ServeRunner(TimeSpan? readyTimeout = null) =>
        new(Connection, RealApplier, RealRetry, new ServeRolloutOptions { ReadyTimeout = readyTimeout ?? TimeSpan.FromSeconds(10) });

    /// <summary>Run service options that reach the double, with fast real-clock retries.</summary>
    public PythonRuntime.Execution.KubernetesOptions RunOptions(string? registrySecret = null) => new()
    {
        Kubeconfig = Kubeconfig,
        Retry = RealClockRetries,
        RegistrySecret = registrySecret,
    };

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
