namespace PythonRuntime.Tests.Validation.Support;

/// <summary>Where the repository and the copied fixtures are, found from the test assembly's folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Gets the repository root (the folder holding PythonRuntime.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>Gets the fixtures folder copied next to the test assembly.</summary>
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Gets the folder of the JSON Schemas.</summary>
    public static string Schemas => Path.Combine(RepoRoot, "schemas");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PythonRuntime.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PythonRuntime.sln was not found above the test folder.");
    }
}
