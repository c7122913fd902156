using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// What rules need to know about where a function was defined: inside a project (from a file or
/// <c>project.NewFunction</c>, where <c>project</c> must not be set) or standalone (<c>Dh.NewFunction</c>,
/// where it is required), and the folder a relative <c>code_src</c> must stay inside.
/// A project whose file failed to load is passed with an empty name: profile names are then not checked.
/// </summary>
public sealed record FunctionContext(ProjectSpec? Project, string? Directory)
{
    /// <summary>Gets a value indicating whether the function belongs to a project it was created from.</summary>
    public bool InProject => Project is not null;
}
