using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class KubernetesNamesTests
{
    [TestCase("default")]
    [TestCase("a")]
    [TestCase("0team")]
    [TestCase("team-a-1")]
    public void Dns_labels_are_accepted(string value) => Assert.That(KubernetesNames.DnsLabel(value), Is.Null);

    [TestCase("")]
    [TestCase("Team")]
    [TestCase("-a")]
    [TestCase("a-")]
    [TestCase("a.b")]
    [TestCase("a_b")]
    [TestCase("a\n")]
    public void Invalid_dns_labels_are_refused(string value) => Assert.That(KubernetesNames.DnsLabel(value), Is.Not.Null);

    [Test]
    public void Dns_labels_have_at_most_63_characters()
    {
        Assert.That(KubernetesNames.DnsLabel(new string('a', 63)), Is.Null);
        Assert.That(KubernetesNames.DnsLabel(new string('a', 64)), Does.Contain("at most 63"));
    }

    [TestCase("api-token", true)]
    [TestCase("registry.example.com-pull", true)]
    [TestCase("a.b.c", true)]
    [TestCase("a..b", false)]
    [TestCase(".a", false)]
    [TestCase("API_KEY=x", false)]
    public void Dns_subdomains(string value, bool valid) => Assert.That(KubernetesNames.DnsSubdomain(value) is null, Is.EqualTo(valid));

    [TestCase("kubernetes.io/arch", true)]
    [TestCase("app", true)]
    [TestCase("App_Name.v1", true)]
    [TestCase("example.com/Some-Key", true)]
    [TestCase("kubernetes.io/", false)]
    [TestCase("/name", false)]
    [TestCase("Example.com/name", false)]
    [TestCase("a/b/c", false)]
    [TestCase("-name", false)]
    public void Qualified_names(string value, bool valid) => Assert.That(KubernetesNames.QualifiedName(value) is null, Is.EqualTo(valid));

    [Test]
    public void Qualified_names_limit_the_name_part_to_63_characters()
    {
        Assert.That(KubernetesNames.QualifiedName("example.com/" + new string('a', 63)), Is.Null);
        Assert.That(KubernetesNames.QualifiedName("example.com/" + new string('a', 64)), Is.Not.Null);
    }

    [TestCase("", true)]
    [TestCase("v1.2_beta-3", true)]
    [TestCase("a", true)]
    [TestCase("fast ssd", false)]
    [TestCase("-x", false)]
    [TestCase("x.", false)]
    public void Label_values(string value, bool valid) => Assert.That(KubernetesNames.LabelValue(value) is null, Is.EqualTo(valid));

    [TestCase("LOG_LEVEL", true)]
    [TestCase("app.mode", true)]
    [TestCase("-dash", true)]
    [TestCase("_x", true)]
    [TestCase("1BAD", false)]
    [TestCase("A=B", false)]
    [TestCase("A B", false)]
    [TestCase(".", false)]
    [TestCase("", false)]
    public void Env_var_names(string value, bool valid) => Assert.That(KubernetesNames.EnvVarName(value) is null, Is.EqualTo(valid));
}
