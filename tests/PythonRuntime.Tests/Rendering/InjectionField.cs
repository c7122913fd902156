using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// A user-controlled value that reaches a template: how to put a value there, a harmless value for the
/// baseline render, and (when the value must come back unchanged) where to read it in the output.
/// </summary>
public sealed record InjectionField(
    string Name,
    string Benign,
    Func<FunctionSpec, RenderOptions, string, (FunctionSpec Spec, RenderOptions Options)> Apply,
    Func<RenderedFunction, string?>? Read = null,
    Func<string, string>? Expected = null)
{
    public override string ToString() => Name;
}
