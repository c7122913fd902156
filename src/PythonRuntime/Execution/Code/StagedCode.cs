namespace PythonRuntime.Execution.Code;

/// <summary>
/// A function's code laid out as the runner expects it: <see cref="Directory"/> goes on <c>sys.path</c> and
/// <see cref="CodeSrc"/> (relative to it) names the file a bare handler lives in, when there is one.
/// </summary>
public sealed record StagedCode(string Directory, string? CodeSrc, string ContentHash);
