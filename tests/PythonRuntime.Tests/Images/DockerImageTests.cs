using PythonRuntime.Execution.Http;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// Builds against the real Docker engine, registry and wheel index: requirements from the local index, build
/// instructions, push, pull back by digest, and runs of the image as a job and as a service in containers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerImageTests
{
    private const string GreeterCode = """
        import os
        import pyrt_greeting

        def _writable(folder):
            try:
                with open(os.path.join(folder, "probe"), "w") as f:
                    f.write("x")
                return True
            except OSError:
                return False

        def handler(name="Ada"):
            with open("/opt/marker.txt") as f:
                marker = f.read().strip()
            return pyrt_greeting.greet(name), marker, os.getuid(), _writable("/opt"), _writable("/tmp")
        """;

    private static FunctionDefinition Greeter(DockerFixture fixture) =>
        fixture.Function("greeter", GreeterCode, spec => spec with
        {
            Requirements = ["pyrt-greeting==1.0.0"],
            Outputs = ["greeting", "marker", "uid", "root_writable", "tmp_writable"],
            Tasks = new FunctionTasks(new TaskSpec { Instructions = ["echo built-by-instruction > /opt/marker.txt"] }, null, null),
        });

    [Test]
    public async Task An_image_is_built_pushed_pulled_back_by_digest_and_run_as_a_job_in_a_locked_down_container()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var function = Greeter(fixture);
        await using var pushing = await fixture.ServiceAsync(push: true);

        var build = await fixture.RunAsync(function, TaskAction.Build, service: pushing);

        Assert.That(build.State, Is.EqualTo(RunState.Completed), build.Error?.Message);
        var image = await fixture.Service.Store.GetImageAsync(EntityKey.Parse(build.Outputs["image"]));
        Assert.That(image.Digest, Does.StartWith("sha256:"));
        Assert.That(DockerFixture.Text(build, "image"), Is.EqualTo($"{fixture.Project.Registry}/{fixture.Project.Name}-greeter@{image.Digest}"));
        Assert.That(image.ContentTag, Does.Match("^content-[0-9a-f]{20}$"));

        // Remove every local name of the image, then pull it back by digest from the registry.
        var docker = new DockerCli();
        await docker.RunAsync(["rmi", "--force", $"{image.Repository}:{image.ContentTag}"]);
        if (image.CommitTag is { } commitTag)
        {
            await docker.RunAsync(["rmi", "--force", $"{image.Repository}:{commitTag}"]);
        }

        var pull = await docker.RunAsync(["pull", image.Reference]);
        Assert.That(pull.Succeeded, Is.True, pull.Text);
        Assert.That(await docker.ImageIdAsync(image.Reference, CancellationToken.None), Is.EqualTo(image.ImageId));

        var job = await fixture.RunAsync(function, TaskAction.Job, new { name = "Grace" });

        Assert.That(job.State, Is.EqualTo(RunState.Completed), job.Error?.Message);
        Assert.That(job.Results["greeting"].GetString(), Is.EqualTo("Greetings, Grace!"), "the requirement came from the local wheel index");
        Assert.That(job.Results["marker"].GetString(), Is.EqualTo("built-by-instruction"), "the build instruction ran");
        Assert.That(job.Results["uid"].GetInt32(), Is.EqualTo(10001), "the container runs as the image's non-root user");
        Assert.That(job.Results["root_writable"].GetBoolean(), Is.False, "the root file system is read-only");
        Assert.That(job.Results["tmp_writable"].GetBoolean(), Is.True, "/tmp is a writable tmpfs");
    }

    [Test]
    public async Task A_service_container_answers_on_loopback_and_stops_when_asked()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var function = fixture.Function("echo", """
            def init(context, greeting="Hi"):
                context.greeting = greeting

            def handler(context, event):
                name = event.body.get("name", "nobody") if isinstance(event.body, dict) else "nobody"
                return {"message": f"{context.greeting}, {name}", "method": event.method}
            """, spec => spec with { InitFunction = "init" });

        var run = await fixture.RunAsync(function, TaskAction.Serve);

        try
        {
            Assert.That(run.State, Is.EqualTo(RunState.Running), run.Error?.Message);
            Assert.That(run.Service!.Url, Does.StartWith("http://127.0.0.1:"));
            Assert.That(run.IsOrphaned, Is.False, "the container's process is the run's owner");
            var response = await fixture.Service.InvokeAsync(run.Id, new InvokeRequest
            {
                Method = "POST",
                Json = System.Text.Json.JsonDocument.Parse("""{"name": "Ada"}""").RootElement,
            });
            Assert.That(response.Status, Is.EqualTo(200), response.Text);
            Assert.That(response.Text, Does.Contain("Hi, Ada").And.Contain("POST"));
        }
        finally
        {
            var stopped = await fixture.Service.StopAsync(run.Id);
            Assert.That(stopped.State, Is.EqualTo(RunState.Stopped));
        }

        var left = await new DockerCli().RunAsync(["ps", "--all", "--quiet", "--filter", $"label=pythonruntime.io/run-id={run.Id}"]);
        Assert.That(left.Lines.Where(l => l.Trim().Length > 0), Is.Empty, "Stop removes the container");
    }

    [Test]
    public async Task Outputs_and_inputs_cross_the_container_boundary_as_store_artifacts()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var producer = fixture.Function("producer", "def handler(n):\n    return {'rows': list(range(n))}\n", spec => spec with { Outputs = ["dataset"] });
        var consumer = fixture.Function("consumer", "import json\ndef handler(dataset):\n    return sum(json.load(open(dataset.path))['rows']), dataset.name\n", spec => spec with { Outputs = ["total", "name"] });

        var first = await fixture.RunAsync(producer, TaskAction.Job, new { n = 5 });
        Assert.That(first.State, Is.EqualTo(RunState.Completed), first.Error?.Message);
        var second = await fixture.RunAsync(consumer, TaskAction.Job, inputs: new Dictionary<string, string> { ["dataset"] = first.Outputs["dataset"] });

        Assert.That(second.State, Is.EqualTo(RunState.Completed), second.Error?.Message);
        Assert.That(second.Results["total"].GetInt32(), Is.EqualTo(10));
        Assert.That(second.Results["name"].GetString(), Is.EqualTo("dataset"));
    }

    [Test]
    public async Task A_failing_handler_in_a_container_ends_the_run_in_error_with_its_type()
    {
        await using var fixture = await DockerFixture.CreateAsync();
        var function = fixture.Function("boom", "def handler():\n    raise KeyError('missing-thing')\n");

        var run = await fixture.RunAsync(function, TaskAction.Job);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Type, Is.EqualTo("KeyError"));
        Assert.That(run.Error.Message, Does.Contain("missing-thing"));
    }
}
