using NUnit.Framework;
using PythonRuntime.Rendering.Quoting;
using YamlDotNet.RepresentationModel;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class QuotingTests
{
    [TestCase("plain")]
    [TestCase("a\nb: c")]
    [TestCase("quote \" and back\\slash")]
    [TestCase("yes")]
    [TestCase("~")]
    [TestCase("0777")]
    [TestCase("tab\tcr\r nul\0 del\u007f nel\u0085 ls\u2028 bom\uFEFF bidi\u202E")]
    [TestCase("emoji 😀 and ünïcödé")]
    [TestCase("{{ x }} #comment &a *b !t")]
    public void A_yaml_scalar_reads_back_as_exactly_the_same_string(string value)
    {
        var quoted = YamlQuoting.DoubleQuoted(value);
        var stream = new YamlStream();
        stream.Load(new StringReader("key: " + quoted + "\n"));
        var node = (YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("key")];

        Assert.That(quoted, Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(node.Style, Is.EqualTo(YamlDotNet.Core.ScalarStyle.DoubleQuoted));
        Assert.That(node.Value, Is.EqualTo(value));
        Assert.That(System.Text.Json.JsonSerializer.Deserialize<string>(quoted), Is.EqualTo(value), "the scalar is also a JSON string");
    }

    [Test]
    public void An_unpaired_surrogate_cannot_be_written()
    {
        Assert.Throws<PythonRuntime.Rendering.RenderValueException>(() => YamlQuoting.DoubleQuoted("bad \uD800 text"));
    }

    [Test]
    public void A_flow_value_quotes_every_string_key_and_value()
    {
        var flow = YamlQuoting.Flow(new Dictionary<string, object?> { ["a: b"] = "c\nd", ["n"] = 1, ["list"] = new[] { "yes", "x" } });

        Assert.That(flow, Is.EqualTo("{\"a: b\": \"c\\nd\", \"n\": 1, \"list\": [\"yes\", \"x\"]}"));
    }

    [TestCase("say \"hi\" to $USER \\ now", "\"say \\\"hi\\\" to \\$USER \\\\ now\"")]
    public void A_dockerfile_string_escapes_quotes_dollars_and_backslashes(string value, string expected)
    {
        Assert.That(DockerfileQuoting.String(value), Is.EqualTo(expected));
    }

    [Test]
    public void A_shell_word_keeps_single_quotes_inside_one_word()
    {
        Assert.That(ShellQuoting.Word("it's $(id)"), Is.EqualTo("'it'\"'\"'s $(id)'"));
    }

    [TestCase("localhost:5000/a/b:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [TestCase("registry:5000/ns/app:1.0", true)]
    [TestCase("python:3.12-slim", true)]
    [TestCase("[::1]:5000/app:1", true)]
    [TestCase("registry:5000/app", false)]
    [TestCase("python:latest", false)]
    [TestCase("Python:3.12", false)]
    [TestCase("python:", false)]
    [TestCase("a/b:1.0\n", false)]
    [TestCase("a/b:1.0 RUN x", false)]
    [TestCase("a/b:$(id)", false)]
    [TestCase("--help", false)]
    public void An_image_reference_is_accepted_only_when_valid_and_pinned(string reference, bool accepted)
    {
        Assert.That(ImageReference.TryParsePinned(reference, out var problem) is not null, Is.EqualTo(accepted), problem);
    }

    [Test]
    public void An_image_path_longer_than_255_characters_or_a_tag_longer_than_128_is_refused()
    {
        Assert.That(ImageReference.TryParse("r.example.com/" + new string('a', 256) + ":1", out _), Is.Null);
        Assert.That(ImageReference.TryParse("app:" + new string('a', 129), out _), Is.Null);
        Assert.That(ImageReference.TryParse("app:" + new string('a', 128), out _), Is.Not.Null);
    }

    [TestCase("hello", null)]
    [TestCase("hello\n", "not a DNS-1123 label")]
    [TestCase("Hello", "not a DNS-1123 label")]
    [TestCase("-hello", "not a DNS-1123 label")]
    public void A_dns_label_check_uses_anchors_that_refuse_a_trailing_line_break(string value, string? expected)
    {
        var problem = KubernetesNames.CheckDnsLabel(value);

        Assert.That(problem, expected is null ? Is.Null : Does.Contain(expected));
    }
}
