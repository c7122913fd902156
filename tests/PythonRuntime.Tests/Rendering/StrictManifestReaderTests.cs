using k8s;
using k8s.Models;
using NUnit.Framework;
using PythonRuntime.Rendering.Verification;
using YamlDotNet.Core;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// The renderer verifies manifests with its own strict reader (one pass, no process-wide lock); these tests keep
/// it in agreement with <c>KubernetesYaml.LoadAllFromString(text, strict: true)</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StrictManifestReaderTests
{
    private static IEnumerable<string> ScenarioNames => Scenarios.Names;

    [TestCaseSource(nameof(ScenarioNames))]
    public async Task Every_rendered_manifest_reads_the_same_as_with_KubernetesYaml_strict(string scenario)
    {
        using var fixture = Scenarios.Create(scenario);
        var function = (await fixture.RenderAsync()).Functions.Single();
        var serve = RenderFixture.Text(function, "serve.yaml").Split("---\n");

        Same(RenderFixture.Text(function, "job.yaml"), StrictManifestReader.Read<V1Job>(RenderFixture.Text(function, "job.yaml")));
        Same(RenderFixture.Text(function, "build-job.yaml"), StrictManifestReader.Read<V1Job>(RenderFixture.Text(function, "build-job.yaml")));
        Same(serve[0], StrictManifestReader.Read<V1Deployment>(serve[0]));
        Same(serve[1], StrictManifestReader.Read<V1Service>(serve[1]));
        Assert.That(KubernetesYaml.LoadAllFromString(RenderFixture.Text(function, "serve.yaml"), null, strict: true), Has.Count.EqualTo(2), "serve.yaml holds two documents");
    }

    [TestCase("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  bogus: 1\n", TestName = "An unknown field is refused by both readers")]
    [TestCase("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  name: y\n", TestName = "A duplicate key is refused by both readers")]
    [TestCase("apiVersion: v1\nkind: Service\nmetadata: {name: [x\n", TestName = "Broken YAML is refused by both readers")]
    public void Both_readers_refuse(string yaml)
    {
        Assert.That(() => KubernetesYaml.LoadAllFromString(yaml, null, strict: true), Throws.InstanceOf<YamlException>());
        Assert.That(() => StrictManifestReader.Read<V1Service>(yaml), Throws.InstanceOf<YamlException>().Or.InstanceOf<System.Text.Json.JsonException>());
    }

    [TestCase("apiVersion: v1\nkind: Service\nmetadata: &m\n  name: x\n", TestName = "An anchor is refused")]
    [TestCase("apiVersion: v1\nkind: Service\nmetadata:\n  name: !custom x\n", TestName = "A tag is refused")]
    [TestCase("apiVersion: v1\nkind: Service\nmetadata:\n  name: 12\n", TestName = "An unquoted number where text belongs is refused, as the API server does")]
    public void Our_reader_refuses_what_a_rendered_manifest_never_needs(string yaml)
    {
        Assert.That(() => StrictManifestReader.Read<V1Service>(yaml), Throws.InstanceOf<YamlException>().Or.InstanceOf<System.Text.Json.JsonException>());
    }

    [Test]
    public void A_second_document_is_refused_where_one_is_expected()
    {
        const string yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: y\n";

        Assert.That(() => StrictManifestReader.Read<V1Service>(yaml), Throws.InstanceOf<YamlException>().With.Message.Contains("more than one"));
    }

    private static void Same(string yaml, object ours)
    {
        var theirs = KubernetesYaml.LoadAllFromString(yaml, null, strict: true).Single();
        Assert.That(KubernetesJson.Serialize(ours), Is.EqualTo(KubernetesJson.Serialize(theirs)));
    }
}
