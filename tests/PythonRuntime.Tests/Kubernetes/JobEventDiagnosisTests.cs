using PythonRuntime.Kubernetes;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>Jobs whose pods are refused by Pod Security or cannot be scheduled end with a diagnosis, not a hang.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(20_000)]
public sealed class JobEventDiagnosisTests
{
    [Test]
    public async Task A_pod_security_rejection_in_the_jobs_events_fails_the_run_and_deletes_the_job(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.PodSecurityRejected, null, string.Empty);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.That(result.State, Is.EqualTo(RunState.Error));
        Assert.That(result.Reason, Is.EqualTo("PodSecurityRejected"));
        Assert.That(result.Diagnosis, Does.StartWith("Pod Security admission refuses the Job's pods").And.Contain("runAsNonRoot != true").And.Contain("pod-security.kubernetes.io/enforce"));
        Assert.That(result.Error!.Category, Is.EqualTo("kubernetes"));
        Assert.That(bed.Api.Store.Get("jobs", "demo", "hello-r1"), Is.Null, "a Job that can never create its pod is deleted");
        Assert.That(bed.Api.Requests.Where(r => r.Path.EndsWith("/log", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_pod_unschedulable_past_the_grace_period_fails_the_run_with_the_schedulers_message(CancellationToken cancellationToken)
    {
        // The testbed's clock fires every timer at once, so the two-minute grace has passed when the pod is seen.
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.Unschedulable, null, string.Empty);

        var result = await bed.Runner.RunAsync(Jobs.Hello(), cancellationToken);

        Assert.That(result.State, Is.EqualTo(RunState.Error));
        Assert.That(result.Reason, Is.EqualTo("Unschedulable"));
        Assert.That(result.Diagnosis, Does.Contain("cannot be scheduled on any node").And.Contain("Insufficient memory").And.Contain("resource requests"));
        Assert.That(bed.Clock.Delays, Does.Contain(TimeSpan.FromMinutes(2)), "the default grace is two minutes");
        Assert.That(bed.Api.Store.Get("jobs", "demo", "hello-r1"), Is.Null);
    }

    [Test]
    public async Task A_pod_that_gets_scheduled_within_the_grace_period_is_not_given_up()
    {
        var clock = new ManualClock();
        using var timer = new UnschedulableTimer(TimeSpan.FromMinutes(2), clock);
        timer.Observe(k8s.WatchEventType.Modified, Pods.Unschedulable("p1"));
        timer.Observe(k8s.WatchEventType.Modified, Pods.Scheduled("p1"));
        clock.FireAll();

        await Task.Delay(50);
        Assert.That(timer.Expired.IsCompleted, Is.False, "the pod was placed before the grace ended");

        timer.Observe(k8s.WatchEventType.Modified, Pods.Unschedulable("p2"));
        clock.FireAll();
        var problem = await timer.Expired.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(problem.PodName, Is.EqualTo("p2"));
    }
}
