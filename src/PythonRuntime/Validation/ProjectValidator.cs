using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>Checks the rules of <c>project.yaml</c>.</summary>
public static class ProjectValidator
{
    public static void Validate(ProjectSpec spec, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scope);
        if (spec.Name.Length > 0)
        {
            Rules.Name(spec.Name, "name", scope);
        }
    }
}
