using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>Checks the rules of a function definition, whether it came from a file or the SDK.</summary>
public static class FunctionValidator
{
    public static void Validate(FunctionSpec spec, FunctionContext context, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        if (spec.Name.Length > 0)
        {
            Rules.Name(spec.Name, "name", scope);
        }

        if (!string.Equals(spec.Kind, "python", StringComparison.Ordinal))
        {
            scope.Error("kind", $"'{spec.Kind}' is not supported; use 'python'.");
        }

        if (string.IsNullOrEmpty(spec.Handler))
        {
            scope.Error("handler", "is required; use 'func', 'module:func' or 'pkg.module:func'.");
        }
    }
}
