namespace PythonRuntime.Tests.Support;

/// <summary>A throwaway repository folder with a project file and function folders, deleted on dispose.</summary>
public sealed class TempRepository : IDisposable
{
    public TempRepository(string projectYaml = "name: demo\n")
    {
        Root = Path.Combine(Path.GetTempPath(), "pyrt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "functions"));
        WriteFile("project.yaml", projectYaml);
    }

    public string Root { get; }

    /// <summary>Writes a file relative to the root, creating folders.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Adds <c>functions/&lt;name&gt;/function.yaml</c> with <paramref name="yaml"/>.</summary>
    public string AddFunction(string name, string yaml) => WriteFile(Path.Combine("functions", name, "function.yaml"), yaml);

    /// <summary>Adds a small valid function with inline code.</summary>
    public string AddValidFunction(string name) => AddFunction(name, $"""
        name: {name}
        kind: python
        python_version: PYTHON3_11
        code: "def handler():\n    return 1\n"
        handler: handler
        """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
