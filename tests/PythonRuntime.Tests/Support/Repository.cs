namespace PythonRuntime.Tests.Support;

/// <summary>Finds the repository the tests run from, so tests can call ./build.sh and read checked-in files.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>Gets the absolute path of the repository root (the folder holding PythonRuntime.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>Gets an absolute path under the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PythonRuntime.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No PythonRuntime.sln above '{AppContext.BaseDirectory}'.");
    }
}
