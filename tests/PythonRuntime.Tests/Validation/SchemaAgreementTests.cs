using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Validation;

/// <summary>
/// Shows that schemas/*.schema.json and the C# validator agree on every fixture: valid fixtures conform,
/// invalid ones do not, except fixtures marked <c>semantic-only</c> (rules about the disk, decoding,
/// comparisons or other files), which the schema must then accept, so a stale mark is noticed.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SchemaAgreementTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        FixtureCase.All().Select(c => new TestCaseData(c).SetName($"Schema_{(c.Valid ? "valid" : "invalid")}_{c.Name}"));

    [TestCaseSource(nameof(Cases))]
    public void Schema_agrees_with_the_validator(object fixture)
    {
        var c = (FixtureCase)fixture;
        var problems = DefinitionFiles(c).ToDictionary(path => Path.GetRelativePath(c.Folder, path), DefinitionSchemas.Problems);
        var report = string.Join("\n", problems.Where(p => p.Value.Count > 0).Select(p => $"{p.Key}:\n  {string.Join("\n  ", p.Value)}"));
        if (c.Valid || c.SemanticOnly is not null)
        {
            Assert.That(problems.Values.All(p => p.Count == 0), Is.True,
                $"{c.Why}\nThe schema rejects a fixture the validator {(c.Valid ? "accepts" : "rejects only for a semantic reason")}:\n{report}");
        }
        else
        {
            Assert.That(problems.Values.Any(p => p.Count > 0), Is.True, $"{c.Why}\nThe schema accepts a fixture the validator rejects; mark it semantic-only with a reason if a schema cannot express the rule.");
        }
    }

    [Test]
    public void Example_definitions_conform_to_the_schemas()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "functions"), "function.yaml", SearchOption.AllDirectories)
            .Append(Path.Combine(TestPaths.RepoRoot, "project.yaml"))
            .ToArray();
        Assert.That(files, Has.Length.GreaterThanOrEqualTo(4));
        foreach (var file in files)
        {
            Assert.That(DefinitionSchemas.Problems(file), Is.Empty, file);
        }
    }

    private static IEnumerable<string> DefinitionFiles(FixtureCase c)
    {
        var own = Directory.EnumerateFiles(c.Folder, "*.yaml", SearchOption.AllDirectories).ToList();
        if (!own.Any(path => Path.GetFileName(path) == "project.yaml"))
        {
            own.Add(Path.Combine(TestPaths.Fixtures, "project.yaml"));
        }

        return own;
    }
}
