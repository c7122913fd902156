using PythonRuntime.Diagnostics;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>A full disk under the store while a local job copies its output into the store as an artifact (reliability bar F8).</summary>
[TestFixture]
[NonParallelizable]
public sealed class StoreFaultTests
{
    [Test]
    public async Task A_full_disk_under_the_store_ends_the_run_in_error_keeps_the_store_readable_and_a_rerun_succeeds()
    {
        using var repo = new TempRepository();
        repo.AddFunction("bulky", "name: bulky\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\noutputs: [blob]\n");
        repo.WriteFile("functions/bulky/main.py", "def handler(size):\n    return b'x' * size\n");
        using var disk = Tmpfs.Mount(Path.Combine(repo.Root, ".pythonruntime"), "1m");

        var full = await ChildProcess.BuildShAsync("--target=Run", "--function=bulky", "--local", "--param=size=600000", $"--working={repo.Root}");

        // The runner's output file fits; its copy into the store does not.
        Assert.That(full.ExitCode, Is.EqualTo(ExitCodes.RunFailed), full.ToString());
        Assert.That(full.Output, Does.Contain("ended in ERROR (environment)").And.Contain("into the store as artifact 'blob'").And.Contain("No space left on device"), full.ToString());
        HostAssert.NoStackTrace(full);
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.ExitCode, Is.Zero, "the store stays readable:\n" + runs);
        Assert.That(runs.StandardOutput, Does.Contain("bulky"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(repo.Root, ".pythonruntime"), "*.tmp", SearchOption.AllDirectories), Is.Empty, "no partial artifact is left");

        disk.Resize("64m");
        var rerun = await ChildProcess.BuildShAsync("--target=Run", "--function=bulky", "--local", "--param=size=4000000", $"--working={repo.Root}");

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(rerun.Output, Does.Contain("COMPLETED"));
    }
}
