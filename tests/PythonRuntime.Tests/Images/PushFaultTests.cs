using System.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// Pushes through the registry fault proxy (a test double in front of the real registry): transient faults end in a
/// clear error after bounded retries and a rerun succeeds once the registry is back; refused credentials are not retried.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PushFaultTests
{
    private static readonly PushRetryOptions FastRetry = new() { MaxAttempts = 2, FirstDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(200), Deadline = TimeSpan.FromMinutes(4) };

    [TestCase(RegistryFault.Down)]
    [TestCase(RegistryFault.ServerError)]
    [TestCase(RegistryFault.TooManyRequests)]
    [TestCase(RegistryFault.DiesMidPush)]
    public async Task A_transient_registry_fault_fails_after_bounded_retries_and_a_rerun_succeeds_once_it_is_back(RegistryFault fault)
    {
        await using var proxy = new RegistryFaultProxy(DockerTestEnvironment.Require().Registry);
        await using var fixture = await DockerFixture.CreateAsync(registry: proxy.Address, retry: FastRetry);
        var function = fixture.Function("pushed", $"def handler():\n    return '{Guid.NewGuid():N}'\n");
        var build = await fixture.RunAsync(function, TaskAction.Build);
        Assert.That(build.State, Is.EqualTo(RunState.Completed), build.Error?.Message);
        var image = await fixture.Service.Store.GetImageAsync(EntityKey.Parse(build.Outputs["image"]));
        var builder = new ImageBuilder(fixture.Service.Store, new DockerCli(), fixture.Log, Path.Combine(fixture.Repository.Root, ".pythonruntime"));

        proxy.Fault = fault;
        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => builder.PushAsync(image, FastRetry, alwaysPush: true, CancellationToken.None));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain("failed 2 time(s)").And.Contain("Run again once the registry answers"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(4)), "bounded: the engine retries each layer itself for about a minute before one attempt ends");
        Assert.That(fixture.Log.Lines, Has.Exactly(1).Contains("; retrying in"));

        proxy.Fault = RegistryFault.None;
        var pushed = await builder.PushAsync(image, FastRetry, alwaysPush: true, CancellationToken.None);

        Assert.That(pushed.Digest, Does.StartWith("sha256:"));
        var stored = await fixture.Service.Store.GetImageAsync(image.Key);
        Assert.That(stored.Digest, Is.EqualTo(pushed.Digest), "the digest is recorded in the store");
    }

    [Test]
    public async Task Refused_credentials_are_not_retried()
    {
        await using var proxy = new RegistryFaultProxy(DockerTestEnvironment.Require().Registry);
        await using var fixture = await DockerFixture.CreateAsync(registry: proxy.Address, retry: FastRetry);
        var function = fixture.Function("private", "def handler():\n    return 1\n");
        var build = await fixture.RunAsync(function, TaskAction.Build);
        var image = await fixture.Service.Store.GetImageAsync(EntityKey.Parse(build.Outputs["image"]));
        var builder = new ImageBuilder(fixture.Service.Store, new DockerCli(), fixture.Log, Path.Combine(fixture.Repository.Root, ".pythonruntime"));

        proxy.Fault = RegistryFault.Unauthorized;
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => builder.PushAsync(image, FastRetry, alwaysPush: true, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("refused").And.Contain("Not retried").And.Contain("PYTHONRUNTIME_REGISTRY_PASSWORD"));
        Assert.That(fixture.Log.Lines, Has.None.Contains("; retrying in"));
    }

    [Test]
    public async Task A_registry_that_stalls_ends_the_push_at_its_deadline_with_a_clear_error_and_a_rerun_succeeds()
    {
        var deadline = new PushRetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(100), Deadline = TimeSpan.FromSeconds(15) };
        await using var proxy = new RegistryFaultProxy(DockerTestEnvironment.Require().Registry);
        await using var fixture = await DockerFixture.CreateAsync(registry: proxy.Address, retry: deadline);
        var function = fixture.Function("stalled", $"def handler():\n    return '{Guid.NewGuid():N}'\n");
        var build = await fixture.RunAsync(function, TaskAction.Build);
        var image = await fixture.Service.Store.GetImageAsync(EntityKey.Parse(build.Outputs["image"]));
        var builder = new ImageBuilder(fixture.Service.Store, new DockerCli(), fixture.Log, Path.Combine(fixture.Repository.Root, ".pythonruntime"));

        proxy.Fault = RegistryFault.Stalls;
        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => builder.PushAsync(image, deadline, alwaysPush: true, CancellationToken.None));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain("the registry stalls").And.Contain("Run again once the registry answers"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)), "the push deadline bounds a stalled registry");

        proxy.Fault = RegistryFault.None;
        var pushed = await builder.PushAsync(image, FastRetry, alwaysPush: true, CancellationToken.None);
        Assert.That(pushed.Digest, Does.StartWith("sha256:"));
    }
}
