using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Loading;

/// <summary>The repository's own project.yaml and functions/ are valid, documented examples.</summary>
[TestFixture]
public sealed class ExampleRepositoryTests
{
    [Test]
    public async Task The_examples_load_without_problems()
    {
        var set = await new DefinitionLoader().LoadAsync(new LoadOptions(TestPaths.RepoRoot));
        Assert.That(set.Project.Name, Is.EqualTo("demo"));
        Assert.That(set.Project.Registry, Is.EqualTo("127.0.0.1:5000"));
        Assert.That(set.Functions.Select(f => f.Spec.Name), Is.SupersetOf(new[] { "greeter", "make-dataset", "summarize-dataset", "word-count" }));
        Assert.That(set.Function("greeter").Spec.Tasks.Serve!.Replicas, Is.EqualTo(2));
        Assert.That(set.Function("make-dataset").Spec.Outputs, Is.EqualTo(new[] { "dataset", "row_count" }));
        Assert.That(set.Functions.All(f => f.Spec.Requirements.Count == 0), Is.True, "examples run offline with the standard library only");
        Assert.That(set.Project.ResolveTask(TaskAction.Job, set.Function("word-count").Spec.Tasks.Job).Resources!.Cpu, Is.EqualTo(new ResourceRange("200m", "200m")));
    }

    [Test]
    public void Every_definition_names_its_schema_on_the_first_line()
    {
        Assert.That(File.ReadLines(Path.Combine(TestPaths.RepoRoot, "project.yaml")).First(), Is.EqualTo("# yaml-language-server: $schema=./schemas/project.schema.json"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "functions"), "function.yaml", SearchOption.AllDirectories))
        {
            Assert.That(File.ReadLines(file).First(), Is.EqualTo("# yaml-language-server: $schema=../../schemas/function.schema.json"), file);
        }
    }
}
