using System.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering.Output;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>
/// Faults while the build host renders (reliability bar F8, F9): a full disk under the output folder and <c>kill -9</c>
/// at random points. Each ends in a clear error category, within a time bound, with every file either its old or its
/// new complete version, and a rerun that succeeds without manual cleanup.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RenderFaultTests
{
    private const string Commit = "--commit=0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_full_disk_under_the_output_folder_is_an_environment_error_that_keeps_the_old_files_and_a_rerun_succeeds()
    {
        using var repo = new RenderRepository(functions: 1, filesPerFunction: 1, bytesPerFile: 16);
        var output = Path.Combine(repo.Root, "artifacts");
        using var disk = Tmpfs.Mount(output, "256k");
        var first = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var old = Visible(RenderRepository.Snapshot(output));
        File.WriteAllText(Path.Combine(repo.Root, "functions", "fn-00", "src", "big.py"), "DATA = '" + new string('x', 512 * 1024) + "'\n");
        repo.SetVersion(2);

        var clock = Stopwatch.StartNew();
        var full = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);

        Assert.That(clock.Elapsed, Is.LessThan(Bound));
        Assert.That(full.ExitCode, Is.EqualTo(ExitCodes.Environment), full.ToString());
        Assert.That(full.Output, Does.Contain("Could not write the rendered files to").And.Contain(output).And.Contain("No space left on device").And.Contain("Nothing was changed"));
        HostAssert.NoStackTrace(full);
        Assert.That(Visible(RenderRepository.Snapshot(output)), Is.EqualTo(old), "the old render stays as it was");
        Assert.That(Temporaries(output), Is.Empty, "no temporary file is left behind");

        disk.Resize("8m");
        var rerun = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(File.Exists(Path.Combine(output, "fn-00", "context", "code", "big.py")), Is.True);
    }

    [Test]
    public async Task Kill_9_at_random_points_of_a_render_leaves_every_file_old_or_new_and_a_rerun_completes()
    {
        const int Tries = 6;
        using var repo = new RenderRepository(functions: 6, filesPerFunction: 6);
        var output = Path.Combine(repo.Root, "artifacts");
        var pristine = Path.Combine(repo.Root, "pristine");
        var reference = Path.Combine(repo.Root, "reference");
        var first = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit, "--out=pristine");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var old = Visible(RenderRepository.Snapshot(pristine));
        repo.SetVersion(2);
        var (second, duration) = await RenderPhaseAsync(repo.Root, "--out=reference");
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        var fresh = Visible(RenderRepository.Snapshot(reference));
        Assert.That(fresh.Keys, Is.EquivalentTo(old.Keys));
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var mixed = 0;
        var incomplete = 0;

        for (var attempt = 0; attempt < Tries; attempt++)
        {
            CopyFolder(pristine, output);
            using var host = HostProcess.Start(null, "--target=Render", $"--working={repo.Root}", Commit);
            await host.WaitForOutputAsync(RenderBanner, Bound);
            // The files are written at the end of the Render task: aim most kills there.
            await Task.Delay(duration * (0.5 + (0.6 * random.NextDouble())));
            host.KillHard();

            var now = Visible(RenderRepository.Snapshot(output));
            Assert.That(now.Keys, Is.EquivalentTo(old.Keys), $"seed {seed}, try {attempt}: every file is still there");
            foreach (var (file, hash) in now)
            {
                Assert.That(hash, Is.EqualTo(old[file]).Or.EqualTo(fresh[file]), $"seed {seed}, try {attempt}: {file} is neither the old nor the new version");
            }

            mixed += now.Any(f => f.Value != old[f.Key]) && now.Any(f => f.Value != fresh[f.Key]) ? 1 : 0;
            foreach (var function in repo.Functions)
            {
                var folder = Path.Combine(output, function);
                var marked = File.Exists(Path.Combine(folder, RenderCompletion.FileName));
                Assert.That(!marked || RenderCompletion.IsComplete(folder), Is.True, $"seed {seed}, try {attempt}: {function} has a completion marker that does not match its files");
                incomplete += marked ? 0 : 1;
            }
        }

        var rerun = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);

        Assert.That(rerun.ExitCode, Is.Zero, "the lock of a killed render dies with it:\n" + rerun);
        Assert.That(Visible(RenderRepository.Snapshot(output)), Is.EqualTo(fresh));
        Assert.That(Temporaries(output), Is.Empty, "a rerun removes the temporaries a killed render left");
        Assert.That(repo.Functions.Where(f => !RenderCompletion.IsComplete(Path.Combine(output, f))), Is.Empty, "after the rerun every function folder is complete");
        TestContext.Out.WriteLine($"seed {seed}: {Tries} kills, {mixed} landed between the first and the last rename, {incomplete} function folder(s) seen without a marker (render took {duration.TotalMilliseconds:0} ms).");
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_during_a_render_exits_130_leaves_the_old_files_and_releases_the_lock(string signal)
    {
        using var repo = new RenderRepository(functions: 6, filesPerFunction: 6);
        var output = Path.Combine(repo.Root, "artifacts");
        var first = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var old = Visible(RenderRepository.Snapshot(output));
        repo.SetVersion(2);
        using var host = HostProcess.Start(null, "--target=Render", $"--working={repo.Root}", Commit);
        await host.WaitForOutputAsync(RenderBanner, Bound);
        await Task.Delay(100);

        Posix.Run("kill", $"-{signal}", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await host.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Cancelled), result.ToString());
        Assert.That(result.Output, Does.Contain("Cancelled."));
        HostAssert.NoStackTrace(result);
        Assert.That(Visible(RenderRepository.Snapshot(output)), Is.EqualTo(old), "a cancelled render changes nothing");
        Assert.That(Temporaries(output), Is.Empty);
        var rerun = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(rerun.ExitCode, Is.Zero, "the lock was released:\n" + rerun);
    }

    [Test]
    public async Task A_render_removes_the_hidden_temporaries_a_killed_render_left_and_keeps_the_files()
    {
        using var repo = new RenderRepository(functions: 1, filesPerFunction: 1);
        var output = Path.Combine(repo.Root, "artifacts");
        var first = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var rendered = Visible(RenderRepository.Snapshot(output));
        var leftovers = new[]
        {
            Path.Combine(output, "fn-00", ".Dockerfile.k3j2h1g0.abc.tmp"),
            Path.Combine(output, "fn-00", "context", "code", ".mod_00.py.x1y2z3.tmp"),
        };
        foreach (var leftover in leftovers)
        {
            File.WriteAllText(leftover, "half a file");
        }

        var rerun = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(leftovers.Where(File.Exists), Is.Empty);
        Assert.That(Visible(RenderRepository.Snapshot(output)), Is.EqualTo(rendered));
        Assert.That(RenderCompletion.IsComplete(Path.Combine(output, "fn-00")), Is.True);
    }

    [Test]
    public async Task The_completion_marker_turns_false_when_a_rendered_file_is_not_the_one_the_render_wrote()
    {
        using var repo = new RenderRepository(functions: 1, filesPerFunction: 1);
        var folder = Path.Combine(repo.Root, "artifacts", "fn-00");
        var first = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(RenderCompletion.IsComplete(folder), Is.True);

        File.AppendAllText(Path.Combine(folder, "Dockerfile"), "RUN echo changed by hand\n");

        Assert.That(RenderCompletion.IsComplete(folder), Is.False);
        var rerun = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}", Commit);
        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(RenderCompletion.IsComplete(folder), Is.True, "rendering again repairs the folder");
    }

    private const string RenderBanner = " Render ";

    /// <summary>Renders once and measures the Render task alone (from its banner to the end), where kills must land.</summary>
    private static async Task<(ProcessResult Result, TimeSpan Duration)> RenderPhaseAsync(string root, string output)
    {
        using var host = HostProcess.Start(null, "--target=Render", $"--working={root}", Commit, output);
        await host.WaitForOutputAsync(RenderBanner, Bound);
        var clock = Stopwatch.StartNew();
        var result = await host.WaitAsync(Bound);
        return (result, clock.Elapsed);
    }

    private static Dictionary<string, string> Visible(Dictionary<string, string> snapshot) =>
        snapshot.Where(f => !Path.GetFileName(f.Key).StartsWith('.')).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    private static List<string> Temporaries(string folder) =>
        Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories).ToList();

    private static void CopyFolder(string source, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
