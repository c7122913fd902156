namespace PythonRuntime.Rendering.Model;

/// <summary>What every template may show about the function (<c>function</c> in templates).</summary>
internal sealed record FunctionModel(
    string Name,
    string Project,
    string? Description,
    string PythonVersion,
    string? Handler,
    string? CodeSrc,
    IReadOnlyList<string> Labels);
