namespace PythonRuntime.Loading;

/// <summary>
/// What to load: the repository <paramref name="Root"/> (holding <c>project.yaml</c>), the folder of function
/// folders (default <c>functions/</c> under the root) and optionally only some functions by name.
/// </summary>
public sealed record LoadOptions(string Root, string? FunctionsDirectory = null, IReadOnlyList<string>? Functions = null)
{
    /// <summary>Gets the absolute folder holding one folder per function.</summary>
    public string ResolvedFunctionsDirectory =>
        Path.GetFullPath(FunctionsDirectory is null ? Path.Combine(Root, "functions") : Path.Combine(Root, FunctionsDirectory));
}
