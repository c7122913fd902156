using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DockerfileTests
{
    [Test]
    public async Task Requirements_are_installed_into_a_virtual_environment_in_their_own_layer_before_the_code()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Tasks = new FunctionTasks(new TaskSpec { Instructions = ["apt-get update", "echo done"] }, null, null) });
        var lines = Instructions(RenderFixture.Text(await fixture.RenderOneAsync(), "Dockerfile"));

        Assert.That(lines.Select(l => l.Split(' ')[0]), Is.EqualTo(new[]
        {
            "FROM", "ARG", "LABEL", "LABEL", "LABEL", "ENV", "RUN", "RUN", "COPY", "RUN", "ENV", "COPY", "WORKDIR", "USER", "ENTRYPOINT", "COPY",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(lines[6], Is.EqualTo("RUN apt-get update"));
            Assert.That(lines[7], Is.EqualTo("RUN echo done"));
            Assert.That(lines[8], Is.EqualTo("COPY [\"requirements.txt\", \"/opt/pythonruntime/requirements.txt\"]"));
            Assert.That(lines[9], Does.Contain("python3 -m venv /opt/venv").And.Contain("pip install --no-cache-dir").And.Contain("-r /opt/pythonruntime/requirements.txt"));
            Assert.That(lines[^3], Is.EqualTo("USER 10001:10001"));
            Assert.That(lines[^2], Is.EqualTo("ENTRYPOINT [\"python3\", \"/opt/pythonruntime/pythonruntime_runner.py\"]"));
            Assert.That(lines[^1], Is.EqualTo("COPY [\"code/\", \"/opt/pythonruntime/code/\"]"), "the code is the last layer: a code-only change rebuilds only it");
        });
    }

    [Test]
    public async Task A_code_only_change_leaves_every_line_before_the_code_copy_unchanged()
    {
        using var before = new RenderFixture();
        before.AddHello();
        using var after = new RenderFixture();
        after.Add(
            before.Set().Functions.Single().Spec,
            new Dictionary<string, string> { ["main.py"] = "def handler():\n    return 'changed'\n" });

        var first = await before.RenderOneAsync();
        var second = await after.RenderOneAsync();

        Assert.That(RenderFixture.Text(second, "Dockerfile"), Is.EqualTo(RenderFixture.Text(first, "Dockerfile")));
        Assert.That(RenderFixture.Text(second, "context/requirements.txt"), Is.EqualTo(RenderFixture.Text(first, "context/requirements.txt")));
        Assert.That(RenderFixture.Text(second, "context/code/main.py"), Is.Not.EqualTo(RenderFixture.Text(first, "context/code/main.py")));
    }

    [Test]
    public async Task Without_requirements_no_virtual_environment_and_no_pip_layer_is_made()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Requirements = [] });
        var function = await fixture.RenderOneAsync();
        var dockerfile = RenderFixture.Text(function, "Dockerfile");

        Assert.That(dockerfile, Does.Not.Contain("venv").And.Not.Contain("pip install").And.Not.Contain("requirements.txt\""));
        Assert.That(RenderFixture.Text(function, "requirements.txt"), Is.Empty);
        Assert.That(function.Files.Select(f => f.RelativePath), Does.Not.Contain("hello/context/requirements.txt"));
    }

    [Test]
    public async Task The_base_image_override_wins_over_the_function_which_wins_over_the_project()
    {
        using var fixture = new RenderFixture();
        fixture.Project = fixture.Project with { BaseImages = new Dictionary<PythonVersion, string> { [PythonVersion.Python3_11] = "project/python:3.11" } };
        fixture.AddHello();
        Assert.That(FromLine(await fixture.RenderOneAsync()), Is.EqualTo("FROM project/python:3.11"));

        var withOwn = fixture.Set().Functions.Single().Spec with { BaseImage = "own/python:3.11" };
        Assert.That(FromLine(await fixture.RenderSpecAsync(withOwn)), Is.EqualTo("FROM own/python:3.11"));

        var forced = await fixture.RenderSpecAsync(withOwn, fixture.Options with { BaseImageOverride = "forced/python:3.11@sha256:" + new string('a', 64) });
        Assert.That(FromLine(forced), Is.EqualTo("FROM forced/python:3.11@sha256:" + new string('a', 64)));
    }

    [Test]
    public async Task Without_any_base_image_setting_the_slim_image_of_the_python_version_is_used()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { PythonVersion = PythonVersion.Python3_12 });

        Assert.That(FromLine(await fixture.RenderOneAsync()), Is.EqualTo("FROM python:3.12-slim"));
    }

    [TestCase("python", "no tag or digest")]
    [TestCase("python:latest", "'latest'")]
    [TestCase("Python:3.11", "not an image reference")]
    [TestCase("python:3.11 AS evil", "not an image reference")]
    public void An_unpinned_or_malformed_base_image_is_refused_with_the_value_in_the_message(string baseImage, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { BaseImage = baseImage });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Message, Does.Contain("base_image").And.Contain(baseImage).And.Contain(expected));
    }

    [TestCase("https://user:secret@pypi.example.com/simple", "credentials")]
    [TestCase("https://token@pypi.example.com/simple", "credentials")]
    [TestCase("ftp://pypi.example.com/simple", "http")]
    [TestCase("pypi.example.com/simple", "http")]
    public void A_pip_index_url_with_credentials_or_another_scheme_is_refused(string url, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.Project = fixture.Project with { PipIndexUrl = url };
        fixture.AddHello();

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("pip index URL").And.Contain(expected));
    }

    [Test]
    public async Task The_pip_index_reaches_the_build_only_as_a_build_argument_and_never_as_a_default()
    {
        using var fixture = new RenderFixture();
        fixture.Project = fixture.Project with { PipIndexUrl = "http://127.0.0.1:8081/simple" };
        fixture.AddHello();
        var function = await fixture.RenderOneAsync();

        Assert.That(RenderFixture.Text(function, "Dockerfile"), Does.Contain("ARG PIP_INDEX_URL=\"\"").And.Not.Contain("127.0.0.1:8081"));
        Assert.That(function.ReadBuildJob().Spec.Template.Spec.Containers[0].Args, Does.Contain("--build-arg=PIP_INDEX_URL=http://127.0.0.1:8081/simple"));
    }

    [TestCase("echo a\necho b", "line break")]
    [TestCase("echo a \\", "backslash")]
    [TestCase("echo a \\   ", "backslash")]
    [TestCase("cat <<EOF", "heredoc")]
    [TestCase("echo \0", "NUL")]
    [TestCase("   ", "empty")]
    public void A_build_instruction_that_would_not_stay_one_run_line_is_refused(string instruction, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Tasks = new FunctionTasks(new TaskSpec { Instructions = ["echo ok", instruction] }, null, null) });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Message, Does.Contain("tasks.build.instructions[1]").And.Contain(expected));
    }

    [TestCase("--index-url http://evil/simple", "option")]
    [TestCase("numpy \\", "continuation")]
    [TestCase("numpy\nRUN evil", "line break")]
    public void A_requirement_that_pip_would_read_as_more_than_a_requirement_is_refused(string requirement, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Requirements = ["requests==2.32.3", requirement] });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("requirements[1]").And.Contain(expected));
    }

    [Test]
    public async Task A_description_with_line_breaks_becomes_one_label_line_and_keeps_its_text_in_the_annotation()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Description = "First line\nLABEL evil=\"1\"\r\n$HOME" });
        var function = await fixture.RenderOneAsync();

        Assert.That(RenderFixture.Text(function, "Dockerfile"), Does.Contain("LABEL org.opencontainers.image.description=\"First line LABEL evil=\\\"1\\\" \\$HOME\"\n"));
        Assert.That(function.ReadJob().Metadata.Annotations["pythonruntime.io/description"], Is.EqualTo("First line\nLABEL evil=\"1\"\r\n$HOME"));
    }

    [Test]
    public async Task Remote_code_is_not_fetched_and_the_dockerfile_and_context_manifest_say_so()
    {
        using var fixture = Scenarios.Create("remote-code");
        var function = await fixture.RenderOneAsync();

        Assert.That(RenderFixture.Text(function, "Dockerfile"), Does.Contain("is remote and is not fetched at render time").And.Not.Contain("COPY [\"code/\""));
        var manifest = RenderFixture.Json(RenderFixture.Text(function, "context.manifest"));
        Assert.That(manifest.GetProperty("code").GetProperty("fetched").GetBoolean(), Is.False);
        Assert.That(manifest.GetProperty("code").GetProperty("uri").GetString(), Is.EqualTo("git+https://git.example.com/org/functions.git#main"));
        Assert.That(function.Files.Select(f => f.RelativePath), Has.None.StartsWith("remote/context/code/"));
    }

    private static string FromLine(RenderedFunction function) =>
        RenderFixture.Text(function, "Dockerfile").Split('\n').Single(l => l.StartsWith("FROM ", StringComparison.Ordinal));

    // Logical instructions: comments and blank lines dropped, continuation lines joined.
    private static List<string> Instructions(string dockerfile) =>
        dockerfile.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
}
