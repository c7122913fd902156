namespace PythonRuntime.Tests.Rendering;

/// <summary>The image build's render: only what the image is built from, byte for byte as the full render has it.</summary>
[TestFixture]
public sealed class ImageOnlyRenderTests
{
    [Test]
    public async Task An_image_only_render_has_the_image_files_of_the_full_render_and_no_manifests()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Requirements = ["requests==2.32.3"] });
        var full = (await fixture.RenderAsync()).Functions[0];
        fixture.Options = fixture.Options with { ImageOnly = true };

        var image = (await fixture.RenderAsync()).Functions[0];

        var names = image.Files.Select(f => f.RelativePath).ToList();
        Assert.That(names, Does.Contain("hello/Dockerfile").And.Contain("hello/requirements.txt").And.Contain("hello/context/code/main.py"));
        Assert.That(names.Where(n => n.EndsWith(".yaml", StringComparison.Ordinal)), Is.Empty);
        foreach (var file in image.Files)
        {
            var same = full.Files.Single(f => f.RelativePath == file.RelativePath);
            Assert.That(file.Sha256, Is.EqualTo(same.Sha256), file.RelativePath);
        }
    }
}
