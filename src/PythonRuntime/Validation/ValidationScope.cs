using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Where rule violations go, located through the file's <see cref="SourceMap"/> by field path.
/// <paramref name="fieldDisplay"/> rewrites field paths for messages (the SDK shows its parameter names).
/// </summary>
public sealed class ValidationScope(DiagnosticBag diagnostics, SourceMap sourceMap, Func<string, string>? fieldDisplay = null)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceMap SourceMap { get; } = sourceMap;

    /// <summary>Reports that the value at <paramref name="field"/> breaks a rule.</summary>
    public void Error(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        Diagnostics.Error(SourceMap.Locate(field), fieldDisplay is null ? field : fieldDisplay(field), message);
    }

    /// <summary>
    /// Gets the first of several spellings of a field that the file actually used (a map key or a list entry,
    /// snake_case or camelCase), so the error points at the value the user wrote; else the first one.
    /// </summary>
    public string Pick(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.FirstOrDefault(SourceMap.Contains) ?? fields[0];
    }
}
