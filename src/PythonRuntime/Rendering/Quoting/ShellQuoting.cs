namespace PythonRuntime.Rendering.Quoting;

/// <summary>Quotes a value as one POSIX shell word, for values substituted into a RUN command line.</summary>
internal static class ShellQuoting
{
    /// <summary>
    /// Returns <paramref name="value"/> in single quotes (an embedded single quote becomes <c>'"'"'</c>), so the
    /// shell sees one word with no expansion. Line breaks are refused because the Dockerfile is line-oriented.
    /// </summary>
    /// <exception cref="RenderValueException">The value holds a line break or another control character.</exception>
    public static string Word(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TextRules.FindLineBreaker(value) is { } problem)
        {
            throw new RenderValueException($"The value {MessageText.Show(value)} cannot be a shell word: it holds {problem}; remove it.");
        }

        return "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }
}
