using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class PythonNamesTests
{
    [TestCase("handler")]
    [TestCase("main:handler")]
    [TestCase("pkg.module:func")]
    [TestCase("_private:_f1")]
    [TestCase("match:case")]
    public void Handlers_are_accepted(string value) => Assert.That(PythonNames.IsHandler(value), Is.True);

    [TestCase("")]
    [TestCase("main:")]
    [TestCase(":f")]
    [TestCase("a:b:c")]
    [TestCase("main.:f")]
    [TestCase("1main:f")]
    [TestCase("main:class")]
    [TestCase("import.x:f")]
    [TestCase("main; import os")]
    [TestCase("main:f()")]
    [TestCase("main:grüße")]
    [TestCase("main:f\n")]
    [TestCase("main/sub:f")]
    public void Invalid_handlers_are_refused(string value) => Assert.That(PythonNames.IsHandler(value), Is.False);

    [TestCase("init", true)]
    [TestCase("_", true)]
    [TestCase("None", false)]
    [TestCase("init-db", false)]
    [TestCase("2fa", false)]
    [TestCase("ünit", false)]
    public void Identifiers(string value, bool valid) => Assert.That(PythonNames.IsIdentifier(value), Is.EqualTo(valid));
}
