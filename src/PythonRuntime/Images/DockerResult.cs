namespace PythonRuntime.Images;

/// <summary>How one docker CLI call ended: its exit code, whether it was cancelled or timed out, and its output lines (capped).</summary>
public sealed record DockerResult(int ExitCode, bool Cancelled, IReadOnlyList<string> Lines, bool TimedOut = false)
{
    /// <summary>Gets a value indicating whether the call succeeded.</summary>
    public bool Succeeded => ExitCode == 0 && !Cancelled && !TimedOut;

    /// <summary>Gets the output as one text, for matching and error messages.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>Gets the last <paramref name="count"/> non-empty lines.</summary>
    public string Tail(int count) => string.Join('\n', Lines.Where(line => line.Trim().Length > 0).TakeLast(count));
}
