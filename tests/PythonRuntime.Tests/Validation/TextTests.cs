using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class TextTests
{
    [TestCase("plain value")]
    [TestCase("tab\tinside")]
    [TestCase("ünïcødé ✓")]
    [TestCase("")]
    public void Single_lines_are_accepted(string value) => Assert.That(Text.SingleLineProblem(value), Is.Null);

    [TestCase("a\nb", "line feed")]
    [TestCase("a\rb", "carriage return")]
    [TestCase("a\0b", "NUL")]
    [TestCase("a\u001bb", "U+001B")]
    [TestCase("a\u007fb", "U+007F")]
    [TestCase("a\u0085b", "U+0085")]
    [TestCase("a\u2028b", "U+2028")]
    [TestCase("a\u2029b", "U+2029")]
    public void Line_breaks_and_controls_are_refused(string value, string fragment) =>
        Assert.That(Text.SingleLineProblem(value), Does.Contain(fragment));

    [Test]
    public void Multi_line_text_allows_line_breaks_but_not_NUL()
    {
        Assert.That(Text.MultiLineProblem("a\r\nb\tc\n"), Is.Null);
        Assert.That(Text.MultiLineProblem("a\0b"), Does.Contain("NUL"));
    }

    [Test]
    public void Clipped_values_show_line_breaks_visibly() =>
        Assert.That(Text.Clip("a\nb" + new string('x', 100)), Does.StartWith("a\\nb").And.EndWith("..."));
}
