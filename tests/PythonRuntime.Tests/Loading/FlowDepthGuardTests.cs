using System.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;

namespace PythonRuntime.Tests.Loading;

/// <summary>The linear pre-scan that keeps deep flow nesting away from the parser's quadratic scanner.</summary>
[TestFixture]
public sealed class FlowDepthGuardTests
{
    [Test]
    public void Deep_flow_nesting_is_found_at_the_bracket_past_the_cap()
    {
        Assert.That(FlowDepthGuard.FindTooDeep("a:\n  b: " + new string('[', 40), 32), Is.EqualTo((2, 38)));
        Assert.That(FlowDepthGuard.FindTooDeep("a: " + new string('{', 32) + new string('}', 32), 32), Is.Null);
    }

    [TestCase("a: '[[[[[[[[[['")]
    [TestCase("a: \"{{{{{{{{{{\\\"{{{{\"")]
    [TestCase("# [[[[[[[[[[[[\nb: 1")]
    [TestCase("code: |\n  x = [[[[[[[[[[[[\n\n  y = 1\nb: [1]")]
    [TestCase("- >-\n  [[[[[[[[[[[[\n- x")]
    [TestCase("a: it's 'fine' [1]")]
    public void Brackets_in_text_are_not_nesting(string yaml) => Assert.That(FlowDepthGuard.FindTooDeep(yaml, 4), Is.Null);

    [Test]
    public void A_quote_inside_a_plain_scalar_does_not_hide_brackets()
    {
        Assert.That(FlowDepthGuard.FindTooDeep("a: it's [" + new string('[', 10), 4), Is.Not.Null);
    }

    [TestCase(500_000)]
    public void Hostile_documents_are_rejected_in_bounded_time(int count)
    {
        foreach (var text in new[]
        {
            "a: " + new string('[', count),
            "a: [" + string.Join(",", Enumerable.Repeat("x", count)) + "]",
            "a: {" + string.Join(",", Enumerable.Range(0, count / 5).Select(i => $"k{i}: 1")) + "}",
        })
        {
            var bag = new DiagnosticBag();
            var clock = Stopwatch.StartNew();
            Assert.That(new StrictYamlReader().Read(text, "x.yaml", bag), Is.Null);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(bag.Items.Single().Message, Does.Contain("nests deeper").Or.Contain("holds more than 20000 values"));
        }
    }
}
