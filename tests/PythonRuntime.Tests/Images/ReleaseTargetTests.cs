using PythonRuntime.Store;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Images;

/// <summary>The Release target through ./build.sh on a committed repository: build, push, table, release record; a rerun builds nothing.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReleaseTargetTests
{
    [Test]
    public async Task Release_builds_pushes_and_records_the_commit_and_a_rerun_with_nothing_changed_builds_nothing()
    {
        var environment = DockerTestEnvironment.Require();
        var project = "r" + Guid.NewGuid().ToString("N")[..10];
        using var repo = new TempRepository($"name: {project}\nregistry: \"{environment.Registry}\"\n");
        repo.WriteFile("functions/hello/main.py", "def handler(name='x'):\n    return f'hello {name}'\n");
        repo.AddFunction("hello", "name: hello\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\noutputs: [text]\n");
        await Git(repo.Root, "init", "--quiet");
        await Git(repo.Root, "add", "--all");
        await Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "first");
        var commit = (await ChildProcess.RunAsync("git", ["-C", repo.Root, "rev-parse", "HEAD"])).StandardOutput.Trim();
        string[] arguments = ["--target=Release", $"--base-image={environment.BaseImage}", "--network=host", $"--working={repo.Root}"];

        var first = await ChildProcess.BuildShAsync(arguments);
        var second = await ChildProcess.BuildShAsync(arguments);

        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardOutput + first.StandardError);
        Assert.That(first.StandardOutput, Does.Contain("Step 1/"));
        Assert.That(first.StandardOutput, Does.Match($@"hello\s+content-[0-9a-f]{{20}}\s+{commit}\s+sha256:[0-9a-f]{{64}}"), "the table: function, content tag, commit tag, digest");
        Assert.That(first.StandardOutput, Does.Contain($"Release of commit {commit} recorded"));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.StandardOutput + second.StandardError);
        Assert.That(second.StandardOutput, Does.Not.Contain("Step 1/"), "no docker build ran");
        Assert.That(second.StandardOutput, Does.Contain("unchanged since").And.Contain("is already in the registry"));

        await using var store = await RunStore.OpenAsync(Path.Combine(repo.Root, ".pythonruntime"));
        var release = await store.GetReleaseAsync(project, commit);
        Assert.That(release, Has.Count.EqualTo(1));
        Assert.That(release[0].Reference, Does.StartWith($"{environment.Registry}/{project}-hello@sha256:"));
    }

    private static async Task Git(string root, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("git", ["-C", root, .. arguments]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
    }
}
