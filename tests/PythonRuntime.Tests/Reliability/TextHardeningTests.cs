using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Reliability;

/// <summary>Hardening of the character checks every single-line field goes through (reliability bar §2.1, "Trojan Source").</summary>
[TestFixture]
public sealed class TextHardeningTests
{
    [TestCase("echo safe \u202E; curl evil", "U+202E")]
    [TestCase("numpy\u2066==1.0\u2069", "U+2066")]
    [TestCase("a\u200Fb", "U+200F")]
    [TestCase("a\u061Cb", "U+061C")]
    public void Bidirectional_controls_are_refused_in_single_line_values(string value, string code) =>
        Assert.That(Text.SingleLineProblem(value), Does.Contain("bidirectional control character " + code));

    [Test]
    public void Messages_show_a_bidirectional_control_as_an_escape_so_the_terminal_line_reads_as_stored() =>
        Assert.That(Text.Clip("a\u202Eb"), Is.EqualTo("a\\u202Eb"));

    [Test]
    public void Ordinary_unicode_text_stays_allowed() =>
        Assert.That(Text.SingleLineProblem("Grüße, שלום, مرحبا ✓"), Is.Null);
}
