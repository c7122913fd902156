using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class EntityKeyTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [TestCase("store://demo/function/hello:" + Id, EntityKind.Function, "hello")]
    [TestCase("store://demo/run/hello:" + Id, EntityKind.Run, "hello")]
    [TestCase("store://demo/artifact/output_0:" + Id, EntityKind.Artifact, "output_0")]
    [TestCase("store://my-project-2/artifact/Model.v2-final:" + Id, EntityKind.Artifact, "Model.v2-final")]
    public void Parses_and_formats_back(string text, EntityKind kind, string name)
    {
        Assert.That(EntityKey.TryParse(text, out var key), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(key.Kind, Is.EqualTo(kind));
            Assert.That(key.Name, Is.EqualTo(name));
            Assert.That(key.Id, Is.EqualTo(Id));
            Assert.That(key.ToString(), Is.EqualTo(text));
            Assert.That(EntityKey.Parse(text), Is.EqualTo(key));
        });
    }

    [TestCase(null, "empty")]
    [TestCase("", "empty")]
    [TestCase("demo/run/hello:" + Id, "must start with 'store://'")]
    [TestCase("STORE://demo/run/hello:" + Id, "must start with 'store://'")]
    [TestCase("store://demo/run/hello", "no ':'")]
    [TestCase("store://demo/hello:" + Id, "2 '/'-separated part(s)")]
    [TestCase("store://demo/run/x/hello:" + Id, "4 '/'-separated part(s)")]
    [TestCase("store://demo/job/hello:" + Id, "the kind 'job'")]
    [TestCase("store://demo/Run/hello:" + Id, "the kind 'Run'")]
    [TestCase("store://Demo/run/hello:" + Id, "the project 'Demo'")]
    [TestCase("store:///run/hello:" + Id, "the project ''")]
    [TestCase("store://demo-/run/hello:" + Id, "the project 'demo-'")]
    [TestCase("store://demo/run/:" + Id, "the name ''")]
    [TestCase("store://demo/artifact/..:" + Id, "the name '..'")]
    [TestCase("store://demo/artifact/.hidden:" + Id, "the name '.hidden'")]
    [TestCase("store://demo/artifact/a b:" + Id, "the name 'a b'")]
    [TestCase("store://demo/run/hello:" + Id + "0", "the id")]
    [TestCase("store://demo/run/hello:0123456789ABCDEF0123456789ABCDEF", "the id")]
    [TestCase("store://demo/run/hello:01234567-89ab-cdef-0123-456789abcdef", "the id")]
    [TestCase("store://demo/run/hello:" + Id + "\n", "the id")]
    [TestCase(" store://demo/run/hello:" + Id, "must start with")]
    public void Refuses_malformed_keys_and_says_which_part(string? text, string expectedProblem)
    {
        Assert.That(EntityKey.TryParse(text, out var key, out var problem), Is.False);
        Assert.That(problem, Does.Contain(expectedProblem));
        Assert.That(key, Is.EqualTo(default(EntityKey)));

        var error = Assert.Throws<PythonRuntimeException>(() => EntityKey.Parse(text))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain($"'{text}' is not a valid entity key").And.Contain(EntityKey.Grammar));
    }

    [Test]
    public void Constructor_checks_every_part()
    {
        Assert.That(() => new EntityKey("demo", EntityKind.Run, "hello", "nope"), Throws.ArgumentException.With.Message.Contains("the id 'nope'"));
        Assert.That(() => new EntityKey("demo", (EntityKind)42, "hello", Id), Throws.ArgumentException);
        Assert.That(new EntityKey("demo", EntityKind.Run, "hello", Id).ToString(), Is.EqualTo("store://demo/run/hello:" + Id));
    }

    [Test]
    public void Default_key_formats_as_empty_text()
    {
        Assert.That(default(EntityKey).ToString(), Is.Empty);
    }
}
