namespace PythonRuntime.Specs;

/// <summary>A project and its functions, loaded and validated together; functions are ordered by name.</summary>
public sealed record DefinitionSet(ProjectSpec Project, string Root, IReadOnlyList<FunctionDefinition> Functions)
{
    /// <summary>Gets the function named <paramref name="name"/>.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">No function has that name.</exception>
    public FunctionDefinition Function(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Spec.Name, name, StringComparison.Ordinal))
        ?? throw new Diagnostics.PythonRuntimeException(
            ExitCodes.Usage,
            $"The function '{name}' was not found. Known functions: {string.Join(", ", Functions.Select(f => f.Spec.Name))}.");
}
