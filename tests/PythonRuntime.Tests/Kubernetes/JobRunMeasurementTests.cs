using System.Diagnostics;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>
/// Measures (and prints; asserts only the request bound) the time from the double marking a Job Complete to the
/// runner returning its result, and the API requests of one run. Figures are from the test double, not a cluster.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class JobRunMeasurementTests
{
    private const string Completed = """{"state":"COMPLETED","results":{"n":1},"outputs":[],"error":null}""";

    [Test]
    public async Task CompletionToResultLatencyAndRequestsPerRun(CancellationToken cancellationToken)
    {
        const int runs = 15;
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, "done\n");
        var latencies = new List<double>();
        var requestCounts = new List<int>();
        for (var i = 0; i < runs; i++)
        {
            var before = bed.Api.Requests.Count;
            var job = Jobs.Hello($"m{i}");
            var result = await bed.Runner.RunAsync(job, cancellationToken);
            var returned = Stopwatch.GetTimestamp();
            Assert.That(result.State, Is.EqualTo(RunState.Completed));
            latencies.Add(Stopwatch.GetElapsedTime(bed.Api.EndedAt(job.Metadata.Name)!.Value, returned).TotalMilliseconds);
            requestCounts.Add(bed.Api.Requests.Count - before);
        }

        latencies.Sort();
        TestContext.Out.WriteLine(
            $"Job Complete -> result returned (incl. pod list and log read), {runs} runs against the test double: " +
            $"median {latencies[runs / 2]:0.0} ms, max {latencies[^1]:0.0} ms; API requests per run: {string.Join(",", requestCounts.Distinct().Order())}");
        Assert.That(requestCounts, Is.All.InRange(5, 9), "apply, list+watch Job, list(+watch) pods, list(+watch) Job events, list pods, log");
    }
}
