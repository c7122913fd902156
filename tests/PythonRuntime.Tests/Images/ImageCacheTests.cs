using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Images;

/// <summary>Content tags against the real engine: unchanged inputs skip docker build; a code-only change reuses the dependency layer.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ImageCacheTests
{
    [Test]
    public async Task An_unchanged_function_is_not_built_again_and_the_log_says_since_which_tag()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var function = fixture.Function("same", "def handler():\n    return 1\n");
        var first = await fixture.RunAsync(function, TaskAction.Build);
        Assert.That(first.State, Is.EqualTo(RunState.Completed), first.Error?.Message);
        var linesBefore = fixture.Log.Lines.Count;

        var second = await fixture.RunAsync(function, TaskAction.Build);

        var log = fixture.Log.Lines.Skip(linesBefore).ToList();
        Assert.That(second.Results["built"].GetBoolean(), Is.False);
        Assert.That(DockerFixture.Text(second, "image"), Is.EqualTo(DockerFixture.Text(first, "image")));
        Assert.That(log, Has.Some.Contains($"unchanged since {fixture.Project.Registry}/{fixture.Project.Name}-same:content-"));
        Assert.That(log, Has.None.Contains("Step 1/"), "docker build did not run");
    }

    [Test]
    public async Task A_code_only_change_rebuilds_with_the_dependency_layer_from_the_cache()
    {
        await using var fixture = await DockerFixture.CreateAsync();

        // Unique code: the engine is shared, and a code layer an earlier test run built would come from its cache.
        var unique = Guid.NewGuid().ToString("N")[..12];
        FunctionDefinition Version(string text) => fixture.Function("layered", $"import pyrt_greeting\ndef handler():\n    return pyrt_greeting.greet('{text}-{unique}')\n", spec => spec with { Requirements = ["pyrt-greeting==1.0.0"], Outputs = ["text"] });
        var first = await fixture.RunAsync(Version("one"), TaskAction.Build);
        Assert.That(first.State, Is.EqualTo(RunState.Completed), first.Error?.Message);
        var linesBefore = fixture.Log.Lines.Count;

        var second = await fixture.RunAsync(Version("two"), TaskAction.Build);

        var log = fixture.Log.Lines.Skip(linesBefore).ToList();
        Assert.That(second.State, Is.EqualTo(RunState.Completed), second.Error?.Message);
        Assert.That(second.Results["built"].GetBoolean(), Is.True);
        Assert.That(second.Results["reason"].GetString(), Is.EqualTo("code/main.py changed"));
        var pipStep = log.FindIndex(line => line.Contains("pip install", StringComparison.Ordinal) && line.Contains("Step ", StringComparison.Ordinal));
        Assert.That(pipStep, Is.GreaterThanOrEqualTo(0), string.Join('\n', log));
        Assert.That(log[pipStep + 1], Does.Contain("Using cache"), "the requirements layer was reused");
        var codeStep = log.FindIndex(line => line.Contains("COPY [\"code/\"", StringComparison.Ordinal));
        Assert.That(log[codeStep + 1], Does.Not.Contain("Using cache"), "the code layer was rebuilt");
        Assert.That(DockerFixture.Text(second, "content_tag"), Is.Not.EqualTo(DockerFixture.Text(first, "content_tag")));
    }

    [Test]
    public async Task A_failed_build_names_the_failing_step_and_shows_the_tail_of_its_log()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var marker = "failing-" + Guid.NewGuid().ToString("N")[..12];
        var function = fixture.Function("broken", "def handler():\n    return 1\n", spec => spec with
        {
            Tasks = new FunctionTasks(new TaskSpec { Instructions = [$"echo about-to-fail {marker} && exit 3"] }, null, null),
        });

        var run = await fixture.RunAsync(function, TaskAction.Build);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("build"));
        Assert.That(run.Error.Message, Does.Contain("failed at Step").And.Contain($"echo about-to-fail {marker} && exit 3"));
        Assert.That(run.Error.Message, Does.Contain("about-to-fail").And.Contain("non-zero code: 3"));
        Assert.That(await LeftoverContainers.WithCommandAsync(marker), Is.Empty, "the failed step's container is removed (--force-rm): a rerun needs no clean-up");
    }
}
