using System.Security.Cryptography;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BuildContextTests
{
    [Test]
    public async Task The_context_manifest_lists_every_file_of_the_context_sorted_with_its_size_and_hash()
    {
        using var fixture = Scenarios.Create("etl-job");
        var function = await fixture.RenderOneAsync();
        var manifest = RenderFixture.Json(RenderFixture.Text(function, "context.manifest"));
        var contextFiles = function.Files.Where(f => f.RelativePath.StartsWith("etl/context/", StringComparison.Ordinal)).ToList();

        var listed = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.That(listed, Is.EqualTo(contextFiles.Select(f => f.RelativePath["etl/context/".Length..])));
        Assert.That(listed, Is.Ordered.Using((IComparer<string?>)StringComparer.Ordinal));
        foreach (var entry in manifest.GetProperty("files").EnumerateArray())
        {
            var file = contextFiles.Single(f => f.RelativePath == "etl/context/" + entry.GetProperty("path").GetString());
            Assert.That(entry.GetProperty("size").GetInt64(), Is.EqualTo(file.Length));
            Assert.That(entry.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(file.Content.Span))));
        }
    }

    [Test]
    public async Task A_code_folder_is_copied_without_hidden_files_and_compiled_python()
    {
        using var fixture = Scenarios.Create("etl-job");
        var paths = (await fixture.RenderOneAsync()).Files.Select(f => f.RelativePath).ToList();

        Assert.That(paths, Does.Contain("etl/context/code/etl/pipeline.py").And.Contain("etl/context/code/etl/__init__.py"), "the folder's contents are the code folder, as when run locally");
        Assert.That(paths, Has.None.Contains(".env").And.None.Contains("__pycache__").And.None.EndsWith(".pyc"));
    }

    [Test]
    public async Task Inline_code_is_written_to_the_local_file_code_src_names_or_else_to_main_py()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Code = "def handler():\n    return 1\n", CodeSrc = "app/handler.py" });
        var named = await fixture.RenderOneAsync();
        Assert.That(RenderFixture.Text(named, "context/code/app/handler.py"), Is.EqualTo("def handler():\n    return 1\n"));

        var unnamed = await fixture.RenderSpecAsync(fixture.Set().Functions.Single().Spec with { CodeSrc = null });
        Assert.That(RenderFixture.Text(unnamed, "context/code/main.py"), Is.EqualTo("def handler():\n    return 1\n"));
    }

    [Test]
    public async Task Inline_code_wins_over_base64()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Code = "inline = True\n", Base64 = Convert.ToBase64String("base64 = True\n"u8.ToArray()) });

        Assert.That(RenderFixture.Text(await fixture.RenderOneAsync(), "context/code/main.py"), Is.EqualTo("inline = True\n"));
    }

    [TestCase("../outside.py", "leaves the function folder")]
    [TestCase("/etc/passwd", "not a path relative")]
    [TestCase("sub\\main.py", "'/'")]
    [TestCase("missing.py", "does not exist")]
    public void A_code_src_outside_the_function_folder_or_missing_is_refused(string codeSrc, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { CodeSrc = codeSrc });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Message, Does.Contain("code_src").And.Contain(expected));
    }

    [Test]
    public void A_symbolic_link_in_the_code_is_refused_instead_of_followed()
    {
        using var fixture = new RenderFixture();
        var definition = fixture.AddHello(s => s with { CodeSrc = "src" });
        Directory.CreateDirectory(Path.Combine(definition.Directory, "src"));
        File.WriteAllText(Path.Combine(definition.Directory, "src", "main.py"), "x = 1\n");
        File.CreateSymbolicLink(Path.Combine(definition.Directory, "src", "secrets.py"), "/etc/hostname");

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("symbolic link").And.Contain("src/secrets.py"));
    }

    [Test]
    public void Base64_code_that_does_not_decode_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Base64 = "!!!!" });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("base64").And.Contain("not valid base64"));
    }
}
