using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ApiRetryTests
{
    [Test]
    public async Task TooManyRequestsWaitsTheRetryAfterSecondsThenSucceeds()
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Respond(r => r.Method == "PATCH", 429, "TooManyRequests", retryAfter: "3", times: 2);

        await bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None);

        Assert.That(bed.Api.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(3));
        Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) }));
    }

    [Test]
    public async Task ServerErrorsBackOffExponentiallyAndGiveUpAfterTheAttemptBound()
    {
        await using var bed = KubernetesTestBed.Start(KubernetesTestBed.ExactRetries with { MaxAttempts = 4 });
        bed.Api.Respond(r => r.Method == "PATCH", 500, "InternalError", times: 100);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
            Assert.That(error.Message, Does.Contain("4 tries").And.Contain("HTTP 500"));
            Assert.That(bed.Api.Requests, Has.Count.EqualTo(4));
            Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { 200, 400, 800 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
        });
    }

    [TestCase(0.0, 0.8)]
    [TestCase(0.999, 1.1996)]
    public async Task JitterStaysWithinItsFraction(double random, double factor)
    {
        await using var bed = KubernetesTestBed.Start(ApiRetryOptions.Default with { NextRandom = () => random });
        bed.Api.Respond(r => r.Method == "PATCH", 503, "ServiceUnavailable", times: 2);

        await bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None);

        var expected = new[] { 200 * factor, 400 * factor };
        // Task.Delay counts whole milliseconds.
        Assert.That(bed.Clock.Delays.Select(d => d.TotalMilliseconds), Is.EqualTo(expected).Within(1.0));
    }

    [Test]
    public async Task BackoffIsCappedAtTheMaximumDelay()
    {
        await using var bed = KubernetesTestBed.Start(KubernetesTestBed.ExactRetries with { MaxAttempts = 6, MaxDelay = TimeSpan.FromMilliseconds(500) });
        bed.Api.Respond(r => r.Method == "PATCH", 502, "BadGateway", times: 5);

        await bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None);

        Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { 200, 400, 500, 500, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
    }

    [Test]
    public async Task AWaitThatWouldPassTheDeadlineIsNotStarted()
    {
        await using var bed = KubernetesTestBed.Start(KubernetesTestBed.ExactRetries with { Deadline = TimeSpan.FromSeconds(4) });
        bed.Api.Respond(r => r.Method == "PATCH", 429, "TooManyRequests", retryAfter: "3", times: 100);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("deadline"));
        Assert.That(bed.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(3) }), "3 s fits in 4 s, a second 3 s does not");
        Assert.That(bed.Api.Requests, Has.Count.EqualTo(2));
    }

    [TestCase(400, "BadRequest")]
    [TestCase(403, "Forbidden")]
    [TestCase(404, "NotFound")]
    [TestCase(422, "Invalid")]
    public async Task OtherClientErrorsAreNotRetried(int status, string reason)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Respond(r => r.Method == "PATCH", status, reason);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.Applier.ApplyAsync(Jobs.Hello(), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain($"HTTP {status}").And.Contain("'demo/hello-r1'"));
        Assert.That(bed.Api.Requests, Has.Count.EqualTo(1));
        Assert.That(bed.Clock.Delays, Is.Empty);
    }
}
