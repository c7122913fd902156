using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Reliability.BadInputs;

/// <summary>
/// The invalid definition fixtures (<c>Fixtures/invalid/*</c>) as end-to-end cases, read from their folders, never copied.
/// A fixture that only brings a function moves into a folder named after the fixture (its <c>name: hello</c> line
/// follows), so all of them fit in one repository; a fixture with its own project file keeps a repository of its own.
/// </summary>
internal static partial class FixtureBadInputs
{
    private const string Hello = "hello";

    public static IEnumerable<BadInputCase> All() =>
        FixtureCase.All().Where(fixture => !fixture.Valid).Select(ToCase);

    private static BadInputCase ToCase(FixtureCase fixture)
    {
        var projectLevel = File.Exists(Path.Combine(fixture.Folder, "project.yaml"));
        var functions = Path.Combine(fixture.Folder, "functions");
        var original = Path.GetFileName(Directory.EnumerateDirectories(functions).Single());
        var definition = File.ReadAllText(Path.Combine(functions, original, "function.yaml"));
        // A fixture whose message quotes the folder name keeps its folder.
        var moves = !projectLevel && original == Hello && !fixture.Errors.Any(e => e.Fragment.Contains($"'{Hello}'", StringComparison.Ordinal));
        var folder = moves ? fixture.Name : original;
        var from = $"functions/{original}/";
        var to = $"functions/{folder}/";

        void Materialize(string root)
        {
            CopyTree(Path.Combine(functions, original), Path.Combine(root, "functions", folder));
            if (moves)
            {
                File.WriteAllText(Path.Combine(root, "functions", folder, "function.yaml"), NameLine().Replace(definition, $"name: {folder}", 1));
            }

            File.Copy(projectLevel ? Path.Combine(fixture.Folder, "project.yaml") : Path.Combine(TestPaths.Fixtures, "project.yaml"), Path.Combine(root, "project.yaml"), overwrite: true);
            foreach (var step in fixture.Setup)
            {
                Apply(root, step.Replace(from, to, StringComparison.Ordinal));
            }
        }

        var errors = fixture.Errors.Select(e => e with { File = e.File.Replace(from, to, StringComparison.Ordinal) }).ToList();
        IReadOnlyList<string> files = projectLevel ? ["project.yaml", "functions/"] : [to];
        return new BadInputCase(fixture.Name, "fixture", projectLevel, Materialize, errors, files);
    }

    private static void Apply(string root, string step)
    {
        var parts = step.Split(' ', 2);
        var target = Path.Combine(root, parts[1].Split(" -> ", 2)[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        switch (parts[0])
        {
            case "symlink":
                File.CreateSymbolicLink(target, parts[1].Split(" -> ", 2)[1]);
                break;
            case "fifo":
                Posix.MakeFifo(target);
                break;
            default:
                throw new FormatException($"Unknown fixture setup '{step}'.");
        }
    }

    private static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^name: hello$", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex NameLine();
}
