using System.Text;
using NUnit.Framework;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// Compares every rendered file of each scenario with the checked-in copy under Golden/&lt;scenario&gt;/.
/// To accept an intended change: <c>UPDATE_GOLDEN=1 dotnet test --filter Golden</c>, then review the diff.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoldenTests
{
    private const string UpdateVariable = "UPDATE_GOLDEN";

    private static IEnumerable<string> ScenarioNames => Scenarios.Names;

    [TestCaseSource(nameof(ScenarioNames))]
    public async Task Rendered_files_match_the_golden_files(string scenario)
    {
        using var fixture = Scenarios.Create(scenario);
        await CompareAsync(await fixture.RenderAsync(), scenario);
    }

    [Test]
    public async Task The_example_functions_of_the_repository_match_their_golden_files()
    {
        var result = await Examples.RenderAsync();

        Assert.That(result.Functions.Select(f => f.Name), Is.Not.Empty);
        await CompareAsync(result, "examples");
    }

    private static async Task CompareAsync(PythonRuntime.Rendering.RenderResult result, string scenario)
    {
        var folder = Path.Combine(GoldenRoot(), scenario);
        var actual = result.Files.ToDictionary(file => file.RelativePath, file => file.Content.ToArray(), StringComparer.Ordinal);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            foreach (var (path, content) in actual)
            {
                var target = Path.Combine(folder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, content);
            }

            Assert.Warn($"Golden files of '{scenario}' were rewritten; review them with git diff.");
            return;
        }

        Assert.That(Directory.Exists(folder), Is.True, $"No golden files for '{scenario}'; create them with {UpdateVariable}=1 dotnet test --filter Golden.");
        var expected = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)), "The rendered file list drifted from the golden files.");
        foreach (var (path, content) in actual)
        {
            if (!content.AsSpan().SequenceEqual(expected[path]))
            {
                Assert.Fail(Difference(path, expected[path], content));
            }
        }
    }

    private static string Difference(string path, byte[] expected, byte[] actual)
    {
        var left = Encoding.UTF8.GetString(expected).Split('\n');
        var right = Encoding.UTF8.GetString(actual).Split('\n');
        var line = 0;
        while (line < left.Length && line < right.Length && left[line] == right[line])
        {
            line++;
        }

        return $"{path} drifted from its golden file at line {line + 1}:\n" +
            $"  expected: {(line < left.Length ? left[line] : "<end of file>")}\n" +
            $"  actual:   {(line < right.Length ? right[line] : "<end of file>")}\n" +
            $"If the change is intended, run {UpdateVariable}=1 dotnet test --filter Golden and review the diff.";
    }

    private static string GoldenRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
