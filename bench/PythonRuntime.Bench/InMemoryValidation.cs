using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Validation;

namespace PythonRuntime.Bench;

/// <summary>Runs the definition validator on functions held in memory, as the loader does after reading files.</summary>
internal static class InMemoryValidation
{
    public static void Validate(DefinitionSet set)
    {
        var diagnostics = new DiagnosticBag();
        ProjectValidator.Validate(set.Project, set.Root, new ValidationScope(diagnostics, SourceMap.Sdk));
        Parallel.ForEach(set.Functions, function =>
            FunctionValidator.Validate(function.Spec, new FunctionContext(set.Project, function.Directory), new ValidationScope(diagnostics, SourceMap.Sdk)));
        diagnostics.ThrowIfErrors();
    }
}
