namespace PythonRuntime.Execution.Code;

/// <summary>Classifies <c>code_src</c> values.</summary>
public static class CodeSources
{
    private static readonly string[] RemotePrefixes = ["http://", "https://", "zip+http://", "zip+https://", "git+https://"];

    /// <summary>Gets whether <paramref name="codeSrc"/> is a path inside the function folder (no URI scheme).</summary>
    public static bool IsLocal(string? codeSrc) =>
        codeSrc is not null && !codeSrc.Contains("://", StringComparison.Ordinal);

    /// <summary>Gets whether <paramref name="codeSrc"/> is one of the supported remote URIs.</summary>
    public static bool IsSupportedRemote(string? codeSrc) =>
        codeSrc is not null && RemotePrefixes.Any(prefix => codeSrc.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Gets the supported remote URI forms, for messages.</summary>
    public static IReadOnlyList<string> SupportedRemoteForms => RemotePrefixes;
}
