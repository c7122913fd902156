namespace PythonRuntime.Processes;

/// <summary>
/// A child process to start: the program and an argument list (never a shell line), its folder and the
/// environment variables to set or (with a null value) remove.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Gets text written to the child's standard input, then closed (for secrets: never in argv).</summary>
    public string? StandardInput { get; init; }

    /// <summary>Gets how long the child may take to end after SIGTERM before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments.Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@,+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
