using System.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Reliability;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// F6: the Docker engine stopped before and during a build, played by <see cref="EngineSocketProxy"/> in front of the
/// real engine (which other tests share, so it is never stopped) and reached through <c>--docker-host</c>. The run ends
/// in ERROR with the category "docker" (the Build target exits 5) and a message that says the engine at the address
/// does not answer and how to start it, within seconds; nothing is recorded in the store; once the engine is back a
/// rerun builds the image without any clean-up.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class EngineFaultTests
{
    [TestCase(EngineState.Missing)]
    [TestCase(EngineState.Refusing)]
    public async Task An_engine_that_does_not_answer_before_a_build_is_a_docker_error_within_seconds_and_a_rerun_succeeds_once_it_is_back(EngineState down)
    {
        await using var engine = new EngineSocketProxy(down);
        await using var fixture = await DockerFixture.CreateAsync();
        await using var service = await fixture.ServiceAsync(push: false, dockerHost: engine.Address);
        var function = fixture.Function("early", $"def handler():\n    return '{Guid.NewGuid():N}'\n");

        var clock = Stopwatch.StartNew();
        var run = await fixture.RunAsync(function, TaskAction.Build, service: service);
        var elapsed = clock.Elapsed;

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("docker"));
        Assert.That(run.Error.Message, Does.Contain($"The Docker engine at '{engine.Address}' does not answer")
            .And.Contain("Start the Docker engine").And.Contain("--docker-host="));
        Assert.That(run.Error.Message, Does.Not.Contain("Exception").And.Not.Contain("   at "));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "fails fast, not after a timeout");
        Assert.That(engine.Forwarded, Is.Zero);
        Assert.That(await service.Store.LatestImageAsync(fixture.Project.Name, "early"), Is.Null, "no image is recorded");

        engine.Start();
        var rerun = await fixture.RunAsync(function, TaskAction.Build, service: service);

        Assert.That(rerun.State, Is.EqualTo(RunState.Completed), rerun.Error?.Message);
        Assert.That(engine.Forwarded, Is.GreaterThan(0), "the rerun went through the given engine address");
        Assert.That(await service.Store.LatestImageAsync(fixture.Project.Name, "early"), Is.Not.Null);
    }

    [Test]
    public async Task The_build_target_exits_5_with_the_engine_address_and_what_to_do_when_the_engine_does_not_answer()
    {
        await using var engine = new EngineSocketProxy(EngineState.Missing);
        using var repo = new TempRepository("name: demo\nregistry: 127.0.0.1:5000\n");
        repo.AddValidFunction("greeter");

        var clock = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync(Repository.PathOf("build.sh"), ["--target=Build", $"--working={repo.Root}", $"--docker-host={engine.Address}"]);
        var elapsed = clock.Elapsed;

        Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
        Assert.That(result.Output, Does.Contain($"The Docker engine at '{engine.Address}' does not answer").And.Contain("--docker-host="));
        HostAssert.NoStackTrace(result);
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "bounded: the host's own start plus one failed 'docker version'");
        Assert.That(Directory.Exists(Path.Combine(repo.Root, ".pythonruntime", "images", "greeter")), Is.False, "nothing is rendered for a build that cannot start");
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task An_engine_lost_during_a_build_is_a_docker_error_that_records_no_image_leaves_no_container_and_a_rerun_succeeds(CancellationToken cancellationToken)
    {
        await using var engine = new EngineSocketProxy();
        await using var fixture = await DockerFixture.CreateAsync();
        await using var service = await fixture.ServiceAsync(push: false, dockerHost: engine.Address);
        var marker = "cut-" + Guid.NewGuid().ToString("N")[..12];
        var function = fixture.Function("cut", "def handler():\n    return 1\n", spec => spec with
        {
            Tasks = new FunctionTasks(new TaskSpec { Instructions = [$"sleep 6 && echo {marker}"] }, null, null),
        });

        // Cut every connection once the build log shows Step 2/ and then the slow step's container running.
        var build = fixture.RunAsync(function, TaskAction.Build, service: service);
        var watch = Stopwatch.StartNew();
        while (!RunningSlowStep(fixture.Log.Lines, marker))
        {
            Assert.That(build.IsCompleted, Is.False, "the build ended before the slow step ran:\n" + string.Join('\n', fixture.Log.Lines));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(3)), "the slow step never started");
            await Task.Delay(20, cancellationToken);
        }

        engine.Stop(EngineState.Refusing);
        var clock = Stopwatch.StartNew();
        var run = await build;
        var elapsed = clock.Elapsed;

        Assert.That(fixture.Log.Lines, Has.Some.Contains("Step 2/"));
        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("docker"), run.Error.Message);
        Assert.That(run.Error.Message, Does.Contain("docker build of 'cut' stopped at Step ")
            .And.Contain($"the Docker engine at '{engine.Address}' does not answer or dropped the connection")
            .And.Contain("No image was recorded").And.Contain("Start the Docker engine"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the build ends soon after the engine is lost");
        Assert.That(await service.Store.LatestImageAsync(fixture.Project.Name, "cut"), Is.Null, "no image is recorded for a build that did not end");
        Assert.That(await LeftoverContainers.WithCommandAsync(marker, cancellationToken), Is.Empty, "the engine removed the cut build's container");

        engine.Start();
        var rerun = await fixture.RunAsync(function, TaskAction.Build, service: service);

        Assert.That(rerun.State, Is.EqualTo(RunState.Completed), rerun.Error?.Message);
        Assert.That(DockerFixture.Text(rerun, "reason"), Is.Not.Null);
        var image = await service.Store.GetImageAsync(EntityKey.Parse(rerun.Outputs["image"]));
        Assert.That(await new DockerCli().ImageIdAsync($"{image.Repository}:{image.ContentTag}", cancellationToken), Is.EqualTo(image.ImageId));
        Assert.That(await LeftoverContainers.WithCommandAsync(marker, cancellationToken), Is.Empty);
    }

    private static bool RunningSlowStep(IReadOnlyList<string> lines, string marker)
    {
        var step = lines.ToList().FindIndex(line => line.Contains("Step ", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal));
        return step >= 0 && lines.Skip(step + 1).Any(line => line.Contains("Running in", StringComparison.Ordinal));
    }
}
