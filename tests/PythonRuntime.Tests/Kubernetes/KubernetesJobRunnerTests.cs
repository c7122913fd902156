using PythonRuntime.Kubernetes;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(20_000)]
public sealed class KubernetesJobRunnerTests
{
    private const string Completed = """{"state":"COMPLETED","results":{"greeting":"hello world","count":3},"outputs":["table","model"],"error":null}""";
    private const string Raised = """{"state":"ERROR","results":{},"outputs":[],"error":{"category":"handler","type":"ValueError","message":"bad input 'x'"}}""";
    private const string Log = "starting\nline 2\nline 3\nline 4\ndone\n";

    [Test]
    public async Task ACompletedJobGivesResultsOutputNamesAndTheLogTail(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Completed));
            Assert.That(result.JobName, Is.EqualTo("hello-r1"));
            Assert.That(result.Namespace, Is.EqualTo("demo"));
            Assert.That(result.Results["greeting"].GetString(), Is.EqualTo("hello world"));
            Assert.That(result.Results["count"].GetInt32(), Is.EqualTo(3));
            Assert.That(result.OutputNames, Is.EqualTo(new[] { "table", "model" }));
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Diagnosis, Is.Null);
            Assert.That(result.LogTail, Is.EqualTo("line 3\nline 4\ndone\n"), "the last LogTailLines=3 lines");
            Assert.That(result.PodName, Is.EqualTo(KubernetesApiTestDouble.PodNameOf("hello-r1")));
        });
    }

    [Test]
    public async Task AJobRunSendsTheseRequests(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);

        await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        var requests = bed.Api.Requests;
        var apply = requests[0];
        var jobList = requests.Single(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal) && !r.IsWatch);
        var jobWatch = requests.Single(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal) && r.IsWatch);
        // The pod watch runs beside the Job watch and is cancelled once the Job ends; it may not have been sent yet.
        var podWatches = requests.Where(r => r.Path.EndsWith("/pods", StringComparison.Ordinal) && r.IsWatch).ToList();
        var log = requests.Single(r => r.Path.EndsWith("/log", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(apply.Method, Is.EqualTo("PATCH"));
            Assert.That(apply.Path, Is.EqualTo("/apis/batch/v1/namespaces/demo/jobs/hello-r1"));
            Assert.That(apply.Query["fieldManager"], Is.EqualTo("pythonruntime"));
            Assert.That(jobList.Query["fieldSelector"], Is.EqualTo("metadata.name=hello-r1"));
            Assert.That(jobWatch.Query["fieldSelector"], Is.EqualTo("metadata.name=hello-r1"));
            Assert.That(jobWatch.Query["resourceVersion"], Is.Not.Null.And.Not.Empty, "the watch starts where the list ended");
            Assert.That(jobWatch.Query["allowWatchBookmarks"], Is.EqualTo("true"));
            Assert.That(podWatches, Has.Count.LessThanOrEqualTo(1));
            Assert.That(
                requests.Where(r => r.Path == "/api/v1/namespaces/demo/events").Select(r => r.Query["fieldSelector"]),
                Is.Not.Empty.And.All.EqualTo("involvedObject.kind=Job,involvedObject.name=hello-r1"),
                "the Job's events are watched for Pod Security rejections");
            Assert.That(podWatches.Select(r => r.Query["labelSelector"]), Is.All.EqualTo("job-name=hello-r1"));
            Assert.That(log.Path, Is.EqualTo("/api/v1/namespaces/demo/pods/hello-r1-x7k2p/log"));
            Assert.That(log.Query["tailLines"], Is.EqualTo("3"));
            Assert.That(log.Query["container"], Is.EqualTo("function"));
            Assert.That(
                requests.Where(r => !r.Path.EndsWith("/pods", StringComparison.Ordinal) && !r.Path.EndsWith("/events", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path} watch={r.IsWatch}"),
                Is.EqualTo(new[]
                {
                    "PATCH /apis/batch/v1/namespaces/demo/jobs/hello-r1 watch=False",
                    "GET /apis/batch/v1/namespaces/demo/jobs watch=False",
                    "GET /apis/batch/v1/namespaces/demo/jobs watch=True",
                    "GET /api/v1/namespaces/demo/pods/hello-r1-x7k2p/log watch=False",
                }));
            Assert.That(requests.Count(r => r.Path.EndsWith("/pods", StringComparison.Ordinal) && !r.IsWatch), Is.InRange(1, 2), "the pod watcher's list (unless cancelled first) and the final pod list");
            Assert.That(requests.Where(r => r.Method != "GET").Select(r => r.Method), Is.EqualTo(new[] { "PATCH" }), "no deletes or creates");
        });
    }

    [Test]
    public async Task BackoffLimitExceededCarriesTheHandlersErrorAndADiagnosis(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.BackoffLimitExceeded, Raised, "Traceback...\nValueError: bad input 'x'\n", exitCode: 4);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Error));
            Assert.That(result.Reason, Is.EqualTo("BackoffLimitExceeded"));
            Assert.That(result.Error, Is.EqualTo(new PythonRuntime.Execution.RunnerError("handler", "ValueError", "bad input 'x'")));
            Assert.That(result.Diagnosis, Does.Contain("exit code 4").And.Contain("backoffLimit=0").And.Contain("ValueError: bad input 'x'"));
            Assert.That(result.LogTail, Does.Contain("ValueError"));
        });
    }

    [Test]
    public async Task DeadlineExceededNamesTheDeadline(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.DeadlineExceeded, terminationMessage: null, "working\nstill working\n", exitCode: 137);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Error));
            Assert.That(result.Reason, Is.EqualTo("DeadlineExceeded"));
            Assert.That(result.Error!.Category, Is.EqualTo("kubernetes"));
            Assert.That(result.Error.Type, Is.EqualTo("DeadlineExceeded"));
            Assert.That(result.Diagnosis, Does.Contain("activeDeadlineSeconds=600"));
            Assert.That(result.LogTail, Does.Contain("still working"));
        });
    }

    [Test]
    public async Task APodStuckInImagePullBackOffFailsTheRunNamesTheImageAndDeletesTheJob(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = new JobBehaviour { Ending = JobEnding.ImagePullBackOff };

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        var delete = bed.Api.Requests.Single(r => r.Method == "DELETE");
        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Error));
            Assert.That(result.Reason, Is.EqualTo("ImagePullBackOff"));
            Assert.That(result.Diagnosis, Does.Contain("registry.example:5000/demo/hello@sha256:").And.Contain("cannot be pulled").And.Contain("imagePullSecrets"));
            Assert.That(result.LogTail, Is.Empty);
            Assert.That(bed.Api.Requests.Any(r => r.Path.EndsWith("/log", StringComparison.Ordinal)), Is.False, "a container that never started has no log");
            Assert.That(delete.Path, Is.EqualTo("/apis/batch/v1/namespaces/demo/jobs/hello-r1"));
            Assert.That(delete.Query["propagationPolicy"], Is.EqualTo("Background"));
            Assert.That(bed.Api.Store.Get("pods", "demo", KubernetesApiTestDouble.PodNameOf("hello-r1")), Is.Null, "its pod goes with it");
            Assert.That(bed.Api.Store.Get("jobs", "demo", "hello-r1"), Is.Null);
        });
    }

    [Test]
    public async Task AJobDeletedWhileRunningEndsTheWaitWithAnError(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = new JobBehaviour { Ending = JobEnding.Deleted };

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Error));
            Assert.That(result.Reason, Is.EqualTo("JobDeleted"));
            Assert.That(result.Diagnosis, Does.Contain("deleted before it ended"));
            Assert.That(result.PodName, Is.Null);
        });
    }

    [Test]
    public async Task ADroppedWatchIsResumedFromTheLastResourceVersionSeen(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);
        bed.Api.ScriptJobWatches(WatchStep.DropAfterProgress);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        var jobRequests = bed.Api.Requests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)).ToList();
        var watches = jobRequests.Where(r => r.IsWatch).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Completed));
            Assert.That(jobRequests.Count(r => !r.IsWatch), Is.EqualTo(1), "a drop is resumed, not re-listed");
            Assert.That(watches, Has.Count.EqualTo(2));
            Assert.That(long.Parse(watches[1].Query["resourceVersion"]!), Is.GreaterThan(long.Parse(watches[0].Query["resourceVersion"]!)), "resumed after the event seen before the drop");
            Assert.That(bed.Clock.Delays, Is.Empty, "a clean end of a watch is reopened at once");
        });
    }

    [Test]
    public async Task EmptyDropsAreReopenedWithBackoffNotInATightLoop(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);
        bed.Api.ScriptJobWatches(WatchStep.DropEmpty, WatchStep.DropEmpty, WatchStep.DropEmpty);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        var jobWatches = bed.Api.Requests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal) && r.IsWatch).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Completed));
            Assert.That(jobWatches, Has.Count.EqualTo(4));
            Assert.That(jobWatches.Select(w => w.Query["resourceVersion"]).Distinct().Count(), Is.EqualTo(1), "nothing was seen, so every reopen starts from the list");
            Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { 200, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms))), "the first empty end is reopened at once");
        });
    }

    [Test]
    public async Task AWatchThatKeepsFailingGivesUpWithAClearError(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start(KubernetesTestBed.ExactRetries with { MaxAttempts = 3 });
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);
        bed.Api.ScriptJobWatches(Enumerable.Repeat(WatchStep.Reset, 20).ToArray());

        var error = Assert.ThrowsAsync<PythonRuntime.Diagnostics.PythonRuntimeException>(() => bed.Runner.RunAsync(Jobs.Hello(), cancellationToken));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain("watch Job demo/hello-r1").And.Contain("3 times in a row"));
        Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { 200, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
    }

    [TestCase(WatchStep.GoneEvent)]
    [TestCase(WatchStep.GoneResponse)]
    public async Task GoneReListsAndWatchesAgain(WatchStep gone)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);
        bed.Api.ScriptJobWatches(gone);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), timeout.Token);

        var jobRequests = bed.Api.Requests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.State, Is.EqualTo(RunState.Completed));
            Assert.That(jobRequests.Select(r => r.IsWatch ? "watch" : "list"), Is.EqualTo(new[] { "list", "watch", "list", "watch" }));
        });
    }

    [Test]
    public async Task TransientErrorsWhileWaitingAreRetried(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);
        bed.Api.Respond(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal) && !r.IsWatch, 500, "InternalError");
        bed.Api.Respond(r => r.Path.EndsWith("/log", StringComparison.Ordinal), 429, "TooManyRequests", retryAfter: "1");

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.That(result.State, Is.EqualTo(RunState.Completed));
        Assert.That(result.LogTail, Is.EqualTo("line 3\nline 4\ndone\n"));
        Assert.That(bed.Clock.Delays, Is.EquivalentTo(new[] { TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1) }));
    }

    [Test]
    public async Task NoSecretValueIsInAnyRequest(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, Log);

        await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        var requests = bed.Api.Requests;
        var apply = requests.Single(r => r.Method == "PATCH");
        Assert.Multiple(() =>
        {
            Assert.That(apply.Body, Does.Contain("\"secretKeyRef\":{\"key\":\"password\",\"name\":\"etl-db\"}"), "the env refers to the Secret");
            Assert.That(apply.Body, Does.Contain("\"secretName\":\"etl-db\""), "the volume refers to the Secret");
            foreach (var request in requests)
            {
                Assert.That(request.Body, Does.Not.Contain(Jobs.SecretValue), request.ToString());
                Assert.That(request.Query.ToString(), Does.Not.Contain(Jobs.SecretValue), request.ToString());
                Assert.That(request.Path, Does.Not.Contain("/secrets"), "the executor never reads Secrets");
            }
        });
    }
}
