using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class QuantityTests
{
    [TestCase("100m", "0.1")]
    [TestCase("1.5", "1.5")]
    [TestCase("1Gi", "1073741824")]
    [TestCase("0.5Ki", "512")]
    [TestCase("1e3", "1000")]
    [TestCase("1E3", "1000")]
    [TestCase("129e6", "129000000")]
    [TestCase("129M", "129000000")]
    [TestCase("123Mi", "128974848")]
    [TestCase("0", "0")]
    [TestCase(".5", "0.5")]
    [TestCase("5.", "5")]
    [TestCase("+1", "1")]
    [TestCase("1E", "1000000000000000000")]
    [TestCase("2Ei", "2305843009213693952")]
    [TestCase("250u", "0.00025")]
    [TestCase("1e-3", "0.001")]
    public void Valid_quantities_have_their_value(string text, string expected)
    {
        Assert.That(Quantity.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("-1Gi")]
    [TestCase("1.2.3")]
    [TestCase("1Mi ")]
    [TestCase(" 1")]
    [TestCase("1 Gi")]
    [TestCase("1ki")]
    [TestCase("1GB")]
    [TestCase("0x10")]
    [TestCase("1e")]
    [TestCase("Ki")]
    [TestCase("1e99")]
    [TestCase("1\n")]
    public void Invalid_quantities_are_refused(string text) => Assert.That(Quantity.TryParse(text, out _), Is.False);

    [Test]
    public void Memory_must_be_whole_bytes()
    {
        Assert.That(ResourceRules.QuantityProblem("128m", wholeBytes: true), Does.Contain("did you mean '128Mi'"));
        Assert.That(ResourceRules.QuantityProblem("0.5Gi", wholeBytes: true), Is.Null);
        Assert.That(ResourceRules.QuantityProblem("500m", wholeBytes: false), Is.Null);
    }
}
