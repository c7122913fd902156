using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class ImageReferenceTests
{
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase("python:3.11-slim", null, "python", "3.11-slim", null)]
    [TestCase("library/python:3.12", "library", "python", "3.12", null)]
    [TestCase("127.0.0.1:5000/demo/word-count:1a2b3c", "127.0.0.1:5000", "demo/word-count", "1a2b3c", null)]
    [TestCase("localhost:5000/a/b:1.0@sha256:" + Hex64, "localhost:5000", "a/b", "1.0", "sha256:" + Hex64)]
    [TestCase("[::1]:5000/app:v1", "[::1]:5000", "app", "v1", null)]
    [TestCase("registry.example.com/a__b/c-d--e.f:TAG_1", "registry.example.com", "a__b/c-d--e.f", "TAG_1", null)]
    public void Valid_references_are_split(string value, string? domain, string path, string? tag, string? digest)
    {
        Assert.That(ImageReference.TryParse(value, out var reference, out var problem), Is.True, problem);
        Assert.That(reference, Is.EqualTo(new ImageReference(domain, path, tag, digest)));
        Assert.That(ImageRules.Problem(value), Is.Null);
    }

    [TestCase("Python:3.12", "must be lowercase")]
    [TestCase("python:", "is not a valid image reference")]
    [TestCase("a/b:1.0\n", "line feed")]
    [TestCase("a/b:1.0 RUN x", "is not a valid image reference")]
    [TestCase("a/b:$(id)", "is not a valid image reference")]
    [TestCase("--help", "is not a valid image reference")]
    [TestCase("-H tcp://x", "is not a valid image reference")]
    [TestCase("python:3.11 AS x", "is not a valid image reference")]
    [TestCase("a/B:1", "is not a valid image reference")]
    [TestCase("python@sha256:123", "is not a valid image reference")]
    [TestCase(Hex64 + ":1", "looks like an image ID")]
    [TestCase("python:latest", "uses the tag 'latest'")]
    [TestCase("registry:5000/app", "has no tag or digest")]
    [TestCase("python", "has no tag or digest")]
    public void Invalid_or_unpinned_references_are_refused(string value, string fragment) =>
        Assert.That(ImageRules.Problem(value), Does.Contain(fragment));

    [Test]
    public void Tags_have_at_most_128_characters()
    {
        Assert.That(ImageRules.Problem("a:" + new string('t', 128)), Is.Null);
        Assert.That(ImageRules.Problem("a:" + new string('t', 129)), Is.Not.Null);
    }

    [Test]
    public void Repository_paths_have_at_most_255_characters()
    {
        var path = string.Join('/', Enumerable.Repeat(new string('p', 50), 5)) + "/a";
        Assert.That(path, Has.Length.EqualTo(256));
        Assert.That(ImageRules.Problem("example.com/" + path[1..] + ":1"), Is.Null);
        Assert.That(ImageRules.Problem("example.com/" + path + ":1"), Does.Contain("at most 255"));
    }

    [Test]
    public void A_digest_pins_even_without_a_tag() =>
        Assert.That(ImageRules.Problem("python@sha256:" + Hex64), Is.Null);
}
