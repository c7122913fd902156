using System.Diagnostics;
using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class InlineCodeRulesTests
{
    [Test]
    public void Strict_base64_decodes_to_the_source()
    {
        var (scope, bag) = Scope();
        var source = "def handler():\n    return 'è'\n";
        Assert.That(InlineCodeRules.CheckBase64(Convert.ToBase64String(Encoding.UTF8.GetBytes(source)), "base64", scope), Is.EqualTo(source));
        Assert.That(bag.HasErrors, Is.False);
    }

    [TestCase("!!!!", "not in the base64 alphabet")]
    [TestCase("QUJD=", "not a multiple of 4")]
    [TestCase("QQ", "not a multiple of 4")]
    [TestCase("QQ=A", "before the end")]
    [TestCase("QUJD\nQUJD", "whitespace at position 4")]
    [TestCase(" QUJD", "whitespace at position 0")]
    [TestCase("ab-_", "URL-safe")]
    [TestCase("", "it is empty")]
    public void Loose_base64_is_refused(string value, string fragment)
    {
        var (scope, bag) = Scope();
        Assert.That(InlineCodeRules.CheckBase64(value, "base64", scope), Is.Null);
        Assert.That(bag.Items.Single().Message, Does.Contain(fragment));
    }

    [Test]
    public void Binary_content_is_refused()
    {
        var (scope, bag) = Scope();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF };
        InlineCodeRules.CheckBase64(Convert.ToBase64String(png), "base64", scope);
        Assert.That(bag.Items.Single().Message, Does.Contain("not UTF-8"));
    }

    [Test]
    public void An_oversized_value_is_refused_before_decoding()
    {
        var (scope, bag) = Scope();
        var huge = new string('A', 8 * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        Assert.That(InlineCodeRules.CheckBase64(huge, "base64", scope), Is.Null);
        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(500));
        Assert.That(bag.Items.Single().Message, Does.Contain("may decode to at most 1048576 bytes"));
    }

    [Test]
    public void The_largest_allowed_value_is_accepted()
    {
        var (scope, bag) = Scope();
        var source = new string('#', Limits.MaxInlineCodeBytes - 1) + "\n";
        InlineCodeRules.CheckBase64(Convert.ToBase64String(Encoding.ASCII.GetBytes(source)), "base64", scope);
        InlineCodeRules.CheckCode(source, "code", scope);
        Assert.That(bag.HasErrors, Is.False, () => string.Join("\n", bag.Items));
    }

    [Test]
    public void Inline_code_over_the_cap_is_refused()
    {
        var (scope, bag) = Scope();
        InlineCodeRules.CheckCode(new string('é', Limits.MaxInlineCodeBytes / 2 + 1), "code", scope);
        Assert.That(bag.Items.Single().Message, Does.Contain("larger than 1048576 bytes"));
    }

    private static (ValidationScope Scope, DiagnosticBag Bag) Scope()
    {
        var bag = new DiagnosticBag();
        return (new ValidationScope(bag, SourceMap.Sdk), bag);
    }
}
