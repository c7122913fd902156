namespace PythonRuntime.Diagnostics;

/// <summary>
/// The one exception the toolkit throws for problems a user can fix. It carries the process exit code and,
/// for invalid input, every <see cref="Diagnostic"/> found; its message is meant to be printed as is.
/// </summary>
public sealed class PythonRuntimeException : Exception
{
    public PythonRuntimeException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Diagnostics = [];
    }

    public PythonRuntimeException(int exitCode, IReadOnlyList<Diagnostic> diagnostics)
        : base(Describe(diagnostics))
    {
        ExitCode = exitCode;
        Diagnostics = diagnostics;
    }

    /// <summary>Gets the exit code the process should end with.</summary>
    public int ExitCode { get; }

    /// <summary>Gets the problems found in user input, if this error is about input.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var noun = diagnostics.Count == 1 ? "problem" : "problems";
        return $"{diagnostics.Count} {noun} found in the definitions:{Environment.NewLine}" +
            string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
    }
}
