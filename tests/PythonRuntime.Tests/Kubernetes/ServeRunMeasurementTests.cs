using System.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>
/// Measures (and prints; asserts only the request bound) the time from the double making the Deployment available
/// to the run record saying RUNNING, and the API requests of one serve run. Figures are the double's, not a cluster's.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class ServeRunMeasurementTests
{
    [Test]
    public async Task AvailableToRunningLatencyAndRequestsPerServeRun(CancellationToken cancellationToken)
    {
        const int runs = 21;
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = DeploymentBehaviour.AvailableAfterMs(30);
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);
        var function = KubernetesServeRunTests.Greeter(repo);
        var latencies = new List<double>();
        var requestCounts = new List<int>();
        for (var i = 0; i < runs; i++)
        {
            // Each run starts from an empty namespace, so every run is a full rollout.
            bed.Api.Store.Delete("deployments", "demo", "greeter");
            bed.Api.Store.Delete("services", "demo", "greeter");
            var before = bed.Api.Requests.Count;
            var run = await service.RunAsync(function, KubernetesServeRunTests.Project, KubernetesServeRunTests.Serve, cancellationToken);
            Assert.That(run.State, Is.EqualTo(RunState.Running), run.Error?.Message);
            var running = run.Transitions.Single(t => t.State == RunState.Running).AtUtc;
            var recordedAt = Stopwatch.GetTimestamp() - (long)((DateTimeOffset.UtcNow - running).TotalSeconds * Stopwatch.Frequency);
            latencies.Add(Stopwatch.GetElapsedTime(bed.Api.AvailableAt("greeter")!.Value, recordedAt).TotalMilliseconds);
            requestCounts.Add(bed.Api.Requests.Count - before);
        }

        latencies.Sort();
        TestContext.Out.WriteLine(
            $"Deployment available -> run record RUNNING (incl. node list, store writes), {runs} serve runs against the test double: " +
            $"median {latencies[runs / 2]:0.0} ms, min {latencies[0]:0.0} ms, max {latencies[^1]:0.0} ms; API requests per run: {string.Join(",", requestCounts.Distinct().Order())}");
        Assert.That(requestCounts, Is.All.InRange(7, 9), "2 reads, 2 applies, Deployment list+watch, pod list(+watch unless the rollout ends first), node list");
    }
}
