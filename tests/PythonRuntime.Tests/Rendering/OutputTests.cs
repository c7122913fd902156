using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class OutputTests
{
    [Test]
    public async Task Rendering_twice_gives_byte_identical_files_in_the_same_order()
    {
        using var fixture = Scenarios.Create("etl-job");
        fixture.AddHello();

        var first = await fixture.RenderAsync();
        var second = await new ArtifactRenderer(RenderFixture.TestRunner).RenderAsync(fixture.Set(), fixture.Options with { OutputDirectory = fixture.OutputDirectory }, CancellationToken.None);

        Assert.That(second.Files.Select(f => f.RelativePath), Is.EqualTo(first.Files.Select(f => f.RelativePath)));
        Assert.That(second.Files.Select(f => f.Sha256), Is.EqualTo(first.Files.Select(f => f.Sha256)));
    }

    [Test]
    public async Task Rendered_text_files_use_lf_line_endings_and_carry_no_timestamp_or_absolute_path()
    {
        using var fixture = Scenarios.Create("etl-job");
        var function = await fixture.RenderOneAsync();

        foreach (var file in new[] { "Dockerfile", "job.yaml", "serve.yaml", "build-job.yaml", "context.manifest", "requirements.txt" })
        {
            var text = RenderFixture.Text(function, file);
            Assert.That(text, Does.Not.Contain("\r"), file);
            Assert.That(text, Does.Not.Contain(fixture.Root), file);
            Assert.That(text, Does.Not.Contain(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), file);
        }
    }

    [Test]
    public async Task A_dry_run_lists_every_file_without_writing_any()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();

        var result = await fixture.RenderAsync();

        Assert.That(result.Files.Select(f => f.RelativePath), Is.EqualTo(new[]
        {
            "hello/Dockerfile", "hello/build-job.yaml", "hello/context.manifest", "hello/context/code/main.py",
            "hello/context/pythonruntime_runner.py", "hello/context/requirements.txt", "hello/job.yaml", "hello/requirements.txt", "hello/serve.yaml",
        }));
        Assert.That(Directory.Exists(fixture.OutputDirectory), Is.False);
    }

    [Test]
    public async Task Writing_puts_each_function_in_its_own_folder_and_a_second_write_changes_nothing()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var result = await fixture.RenderAsync();

        var first = await fixture.Renderer.WriteAsync(result, CancellationToken.None);
        var second = await fixture.Renderer.WriteAsync(result, CancellationToken.None);

        Assert.That(first.Written, Has.Count.EqualTo(result.Files.Count()));
        Assert.That(second.Written, Is.Empty);
        Assert.That(second.Unchanged, Has.Count.EqualTo(result.Files.Count()));
        foreach (var file in result.Files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(fixture.OutputDirectory, file.RelativePath)), Is.EqualTo(file.Content.ToArray()), file.RelativePath);
        }

        // The lock file stays (deleting a held lock file would let a third writer lock a new one), each function folder
        // gets its completion marker; temporary files do not stay.
        Assert.That(
            Directory.EnumerateFiles(fixture.OutputDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(name => name!.StartsWith('.')),
            Is.EquivalentTo(new[] { ".pythonruntime-render.lock", PythonRuntime.Rendering.Output.RenderCompletion.FileName }),
            "no temporary file is left");
        Assert.That(PythonRuntime.Rendering.Output.RenderCompletion.IsComplete(Path.Combine(fixture.OutputDirectory, "hello")), Is.True);
    }

    [Test]
    public async Task Nothing_is_written_when_any_function_fails_to_render()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Add(new FunctionSpec { Name = "broken", PythonVersion = PythonVersion.Python3_11, Code = "x = 1\n", BaseImage = "python:latest" });

        Assert.ThrowsAsync<PythonRuntimeException>(() =>
            fixture.Renderer.RenderAndWriteAsync(fixture.Set(), fixture.Options with { OutputDirectory = fixture.OutputDirectory }, CancellationToken.None));

        Assert.That(Directory.Exists(fixture.OutputDirectory), Is.False);
    }

    [Test]
    public async Task A_write_that_fails_halfway_leaves_every_old_file_as_it_was_and_no_temporary_file()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        await fixture.Renderer.WriteAsync(await fixture.RenderAsync(), CancellationToken.None);
        var dockerfile = Path.Combine(fixture.OutputDirectory, "hello", "Dockerfile");
        var oldDockerfile = File.ReadAllText(dockerfile);

        // A plain file where the context folder must be makes the write fail after some files were prepared.
        Directory.Delete(Path.Combine(fixture.OutputDirectory, "hello", "context"), recursive: true);
        File.WriteAllText(Path.Combine(fixture.OutputDirectory, "hello", "context"), "in the way");
        var changed = fixture.Set().Functions.Single().Spec with { Description = "Changed", Requirements = ["requests==2.32.4"] };
        var result = await fixture.RenderSpecAsync(changed);
        var rendered = new RenderResult(fixture.OutputDirectory, [result]);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => fixture.Renderer.WriteAsync(rendered, CancellationToken.None));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(File.ReadAllText(dockerfile), Is.EqualTo(oldDockerfile));
        Assert.That(Directory.EnumerateFiles(fixture.OutputDirectory, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Files_that_left_the_build_context_are_removed_so_docker_never_sees_stale_code()
    {
        using var fixture = new RenderFixture();
        var definition = fixture.AddHello(s => s with { CodeSrc = "src" });
        Directory.CreateDirectory(Path.Combine(definition.Directory, "src"));
        File.WriteAllText(Path.Combine(definition.Directory, "src", "main.py"), "x = 1\n");
        File.WriteAllText(Path.Combine(definition.Directory, "src", "old.py"), "y = 2\n");
        await fixture.Renderer.WriteAsync(await fixture.RenderAsync(), CancellationToken.None);
        File.Delete(Path.Combine(definition.Directory, "src", "old.py"));

        var summary = await fixture.Renderer.WriteAsync(await fixture.RenderAsync(), CancellationToken.None);

        Assert.That(summary.Removed, Is.EqualTo(new[] { "hello/context/code/old.py" }));
        Assert.That(File.Exists(Path.Combine(fixture.OutputDirectory, "hello", "context", "code", "old.py")), Is.False);
    }

    [Test]
    public async Task A_second_writer_waits_for_the_first_and_says_what_it_waits_for()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var result = await fixture.RenderAsync();
        Directory.CreateDirectory(fixture.OutputDirectory);
        var messages = new List<string>();
        var held = new FileStream(Path.Combine(fixture.OutputDirectory, ".pythonruntime-render.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var writing = fixture.Renderer.WriteAsync(result, message => { lock (messages) { messages.Add(message); } }, CancellationToken.None);
        await Task.Delay(300);
        var writtenWhileHeld = Directory.Exists(Path.Combine(fixture.OutputDirectory, "hello"));
        held.Dispose();
        var summary = await writing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(writtenWhileHeld, Is.False, "nothing is written while another writer holds the folder");
        Assert.That(messages, Has.Some.Contains("Waiting for another process").And.Contains("render output folder"));
        Assert.That(summary.Written, Is.Not.Empty);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Written_files_are_readable_by_the_image_user_whatever_the_umask()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        await fixture.Renderer.WriteAsync(await fixture.RenderAsync(), CancellationToken.None);

        var mode = File.GetUnixFileMode(Path.Combine(fixture.OutputDirectory, "hello", "context", "code", "main.py"));

        Assert.That(mode.HasFlag(UnixFileMode.OtherRead), Is.True);
    }
}
