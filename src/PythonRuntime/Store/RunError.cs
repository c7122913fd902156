namespace PythonRuntime.Store;

/// <summary>
/// Why a run ended in ERROR: the error type (the handler's Python exception type, or a short word such as
/// <c>EnvironmentError</c> for a toolkit-side failure, never a .NET exception name), its one-line message, and a stable category
/// (for example <c>handler</c>, <c>setup</c>, <c>timeout</c>, <c>orphaned</c>) that scripts can branch on.
/// </summary>
public sealed record RunError(string Type, string Message, string Category);
