using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.BuildHost;

/// <summary>
/// Broken definitions through the main job, as a user meets them: the whole pipeline stops at validation with the
/// located message and exit code 3, prints no stack trace, and writes neither rendered files nor a store.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BadInputTests
{
    [TestCase("instruction-newline", "tasks.build.instructions[0]: ")]
    [TestCase("env-secret-by-name", "tasks.job.envs[0].value: ")]
    [TestCase("code-src-scheme-s3", "code_src: ")]
    [TestCase("base64-invalid-chars", "base64: is not valid base64")]
    [TestCase("affinity-unknown-field", "tasks.job.affinity.nodeAfinity: ")]
    [TestCase("run-input-not-a-key", "run.inputs.data: '/etc/passwd' is not an entity key")]
    public async Task The_main_job_stops_at_the_broken_definition_and_writes_nothing(string fixture, string expected)
    {
        using var repo = new TempRepository(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "project.yaml")));
        Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "invalid", fixture, "functions"), Path.Combine(repo.Root, "functions"));

        var result = await ChildProcess.BuildShAsync($"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Output, Does.Match(@"functions/hello/function\.yaml:\d+:\d+: error: ").And.Contain(expected));
        Assert.That(result.Output, Does.Not.Contain("   at ").And.Not.Contain("Exception:"), "no stack trace");
        Assert.That(Directory.Exists(Path.Combine(repo.Root, "artifacts")), Is.False, "nothing rendered");
        Assert.That(Directory.Exists(Path.Combine(repo.Root, ".pythonruntime")), Is.False, "no store");
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
