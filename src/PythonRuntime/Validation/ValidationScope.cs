using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>Where rule violations go, located through the file's <see cref="SourceMap"/> by field path.</summary>
public sealed class ValidationScope(DiagnosticBag diagnostics, SourceMap sourceMap)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceMap SourceMap { get; } = sourceMap;

    /// <summary>Reports that the value at <paramref name="field"/> breaks a rule.</summary>
    public void Error(string field, string message) => Diagnostics.Error(SourceMap.Locate(field), field, message);
}
