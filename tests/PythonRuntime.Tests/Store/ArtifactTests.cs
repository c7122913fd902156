using System.Security.Cryptography;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class ArtifactTests : StoreTestBase
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7))];

    [Test]
    public async Task A_file_is_copied_in_with_its_hash_size_and_key()
    {
        var run = await NewRunAsync();
        var source = await WriteSourceAsync("model.bin");

        var artifact = await Store.AddArtifactAsync(Project, "output_0", run.Id, source, "bytes");

        var expectedPath = Path.Combine(StateDirectory, "artifacts", Project, "output_0", artifact.Id, "model.bin");
        Assert.Multiple(() =>
        {
            Assert.That(Uuid4.Is(artifact.Id), Is.True);
            Assert.That(artifact.Key.ToString(), Is.EqualTo($"store://demo/artifact/output_0:{artifact.Id}"));
            Assert.That(artifact.Path, Is.EqualTo(expectedPath));
            Assert.That(File.ReadAllBytes(expectedPath), Is.EqualTo(Content));
            Assert.That(artifact.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Content))));
            Assert.That(artifact.Size, Is.EqualTo(Content.Length));
            Assert.That(artifact.RunId, Is.EqualTo(run.Id));
            Assert.That(artifact.Format, Is.EqualTo("bytes"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(expectedPath)!), Is.EqualTo(new[] { expectedPath }), "no temporary file may be left behind");
            Assert.That(File.Exists(source), Is.True, "the source is copied, not moved");
        });
    }

    [Test]
    public async Task A_key_resolves_to_the_record_and_its_file()
    {
        var added = await Store.AddArtifactAsync(Project, "data", runId: null, await WriteSourceAsync("data.csv"), "csv");

        var resolved = await Store.ResolveAsync(added.Key.ToString());

        Assert.That(resolved, Is.EqualTo(added with { CreatedUtc = resolved.CreatedUtc }));
        Assert.That(resolved.CreatedUtc, Is.EqualTo(added.CreatedUtc).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(resolved.RunId, Is.Null);
        await Store.VerifyAsync(resolved);
    }

    [Test]
    public async Task Adding_the_same_file_twice_makes_two_artifacts()
    {
        var source = await WriteSourceAsync("a.bin");
        var first = await Store.AddArtifactAsync(Project, "data", null, source, "bytes");
        var second = await Store.AddArtifactAsync(Project, "data", null, source, "bytes");

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        Assert.That(second.Sha256, Is.EqualTo(first.Sha256));
        Assert.That(File.Exists(first.Path) && File.Exists(second.Path), Is.True);
    }

    [Test]
    public async Task A_file_changed_in_size_is_reported()
    {
        var artifact = await Store.AddArtifactAsync(Project, "data", null, await WriteSourceAsync("a.bin"), "bytes");
        await File.AppendAllTextAsync(artifact.Path, "tampered");

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.ResolveAsync(artifact.Key.ToString()))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Environment));
        Assert.That(error.Message, Does.Contain($"'{artifact.Key}'").And.Contain("was changed").And.Contain($"{Content.Length + 8} bytes").And.Contain(artifact.Path));
    }

    [Test]
    public async Task A_file_changed_in_content_only_is_caught_by_verify()
    {
        var artifact = await Store.AddArtifactAsync(Project, "data", null, await WriteSourceAsync("a.bin"), "bytes");
        var bytes = await File.ReadAllBytesAsync(artifact.Path);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(artifact.Path, bytes);

        var resolved = await Store.ResolveAsync(artifact.Key.ToString());
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.VerifyAsync(resolved))!;
        Assert.That(error.Message, Does.Contain("its sha256 is").And.Contain(artifact.Sha256));
    }

    [Test]
    public async Task A_missing_file_is_reported()
    {
        var artifact = await Store.AddArtifactAsync(Project, "data", null, await WriteSourceAsync("a.bin"), "bytes");
        File.Delete(artifact.Path);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.ResolveAsync(artifact.Key.ToString()))!;
        Assert.That(error.Message, Does.Contain($"the file of artifact '{artifact.Key}' is missing at '{artifact.Path}'"));
        Assert.That(() => Store.VerifyAsync(artifact), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("cannot read the file"));
    }

    [TestCase("store://demo/artifact/data", "is not a valid entity key")]
    [TestCase("file:///etc/passwd", "must start with 'store://'")]
    [TestCase("store://demo/artifact/data:0123456789abcdef0123456789abcdef", "names no artifact in the store")]
    [TestCase("store://demo/run/hello:0123456789abcdef0123456789abcdef", "names a run; only artifact keys")]
    public void A_bad_or_unknown_key_is_named_in_the_error(string key, string expected)
    {
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.ResolveAsync(key))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain($"'{key}'").And.Contain(expected));
    }

    [Test]
    public async Task A_key_with_the_right_id_but_another_name_names_nothing()
    {
        var artifact = await Store.AddArtifactAsync(Project, "data", null, await WriteSourceAsync("a.bin"), "bytes");
        var wrong = new EntityKey(Project, EntityKind.Artifact, "other", artifact.Id).ToString();

        Assert.That(() => Store.ResolveAsync(wrong), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("names no artifact"));
    }

    [Test]
    public async Task Bad_arguments_are_refused_before_anything_is_copied()
    {
        var source = await WriteSourceAsync("a.bin");
        var run = await NewRunAsync();

        Assert.That(() => Store.AddArtifactAsync(Project, "data", null, Path.Combine(StateDirectory, "nope.bin"), "bytes"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("does not exist"));
        Assert.That(() => Store.AddArtifactAsync(Project, "data", null, StateDirectory, "bytes"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("is a folder"));
        Assert.That(() => Store.AddArtifactAsync(Project, "../up", null, source, "bytes"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("'../up' is not a valid artifact name"));
        Assert.That(() => Store.AddArtifactAsync(Project, "data", null, source, "Bad Format"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("not a valid artifact format"));
        Assert.That(() => Store.AddArtifactAsync(Project, "data", "0123456789abcdef0123456789abcdef", source, "bytes"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("is not in the store"));
        Assert.That(() => Store.AddArtifactAsync("elsewhere", "data", run.Id, source, "bytes"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains($"belongs to project '{Project}'"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(StateDirectory, "artifacts"), "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task A_cancelled_copy_leaves_no_files()
    {
        var source = await WriteSourceAsync("a.bin");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(() => Store.AddArtifactAsync(Project, "data", null, source, "bytes", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(StateDirectory, "artifacts"), "*", SearchOption.AllDirectories).Where(p => !Directory.Exists(p)), Is.Empty);
    }

    private async Task<string> WriteSourceAsync(string fileName)
    {
        var folder = Path.Combine(StateDirectory, "sources", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        await File.WriteAllBytesAsync(path, Content);
        return path;
    }
}
