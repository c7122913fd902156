namespace PythonRuntime.Tests.Validation.Support;

/// <summary>
/// One fixture: a mini repository under <c>Fixtures/valid/</c> or <c>Fixtures/invalid/</c> and its
/// <c>fixture.txt</c>, whose lines are:
/// <list type="bullet">
/// <item><c># why the fixture exists</c></item>
/// <item><c>setup symlink PATH -&gt; TARGET</c> or <c>setup fifo PATH</c>: made at test time (git keeps neither well)</item>
/// <item><c>error FILE:LINE FIELD | MESSAGE FRAGMENT</c>: one expected diagnostic (FIELD <c>-</c> for none)</item>
/// <item><c>semantic-only REASON</c>: the rule is beyond the JSON Schema, which must then accept the files</item>
/// </list>
/// A fixture without <c>project.yaml</c> uses <c>Fixtures/project.yaml</c>.
/// </summary>
internal sealed record FixtureCase(string Name, bool Valid, string Folder, string Why, IReadOnlyList<string> Setup, IReadOnlyList<ExpectedError> Errors, string? SemanticOnly)
{
    public static IEnumerable<FixtureCase> All()
    {
        foreach (var group in new[] { "valid", "invalid" })
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.Combine(TestPaths.Fixtures, group)).Order(StringComparer.Ordinal))
            {
                yield return Parse(folder, group == "valid");
            }
        }
    }

    public static FixtureCase Parse(string folder, bool valid)
    {
        var why = string.Empty;
        var setup = new List<string>();
        var errors = new List<ExpectedError>();
        string? semantic = null;
        foreach (var line in File.ReadAllLines(Path.Combine(folder, "fixture.txt")))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                why = line[2..];
            }
            else if (line.StartsWith("setup ", StringComparison.Ordinal))
            {
                setup.Add(line["setup ".Length..]);
            }
            else if (line.StartsWith("error ", StringComparison.Ordinal))
            {
                errors.Add(ExpectedError.Parse(line["error ".Length..]));
            }
            else if (line.StartsWith("semantic-only ", StringComparison.Ordinal))
            {
                semantic = line["semantic-only ".Length..];
            }
            else if (line.Trim().Length > 0)
            {
                throw new FormatException($"{folder}/fixture.txt: unknown line '{line}'.");
            }
        }

        return new FixtureCase(Path.GetFileName(folder), valid, folder, why, setup, errors, semantic);
    }

    /// <summary>Copies the fixture into <paramref name="target"/> as a repository and applies its setup lines.</summary>
    public void Materialize(TempFolder target)
    {
        target.CopyFrom(Folder);
        File.Delete(target["fixture.txt"]);
        if (!File.Exists(target["project.yaml"]))
        {
            File.Copy(Path.Combine(TestPaths.Fixtures, "project.yaml"), target["project.yaml"]);
        }

        foreach (var step in Setup)
        {
            var parts = step.Split(' ', 2);
            switch (parts[0])
            {
                case "symlink":
                    var link = parts[1].Split(" -> ", 2);
                    target.Link(link[0], link[1]);
                    break;
                case "fifo":
                    target.Fifo(parts[1]);
                    break;
                default:
                    throw new FormatException($"{Name}: unknown setup '{step}'.");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(Valid ? "valid" : "invalid")}/{Name}";
}
