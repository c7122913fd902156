namespace PythonRuntime.Tests.Support;

/// <summary>What a finished child process printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Gets both streams, for assertions that do not care where a line went.</summary>
    public string Output => StandardOutput + StandardError;

    /// <inheritdoc/>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
