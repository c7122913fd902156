using System.Text;

namespace PythonRuntime.Rendering.Quoting;

/// <summary>
/// Writes values into a Dockerfile, which is line-oriented: a line break, a trailing backslash or a heredoc
/// opener would let a value add an instruction. Values are either quoted (<see cref="String"/>,
/// <see cref="ExecForm"/>) or, for build instructions that are shell commands by design, checked and passed verbatim
/// (<see cref="RunLine"/>).
/// </summary>
internal static class DockerfileQuoting
{
    /// <summary>
    /// Returns <paramref name="value"/> as a Dockerfile double-quoted word (for LABEL, ENV and comments):
    /// backslash, double quote and dollar are escaped so neither quoting nor variable expansion applies.
    /// </summary>
    /// <exception cref="RenderValueException">The value holds a line break or another control character.</exception>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireOneLine(value, "a Dockerfile value");
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"' or '$')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Returns the JSON array (exec form) for ENTRYPOINT, CMD, COPY and RUN.</summary>
    /// <exception cref="RenderValueException">An element holds a control character or an unpaired surrogate.</exception>
    public static string ExecForm(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parts = arguments.Select(argument =>
        {
            RequireOneLine(argument, "an exec-form argument");
            return YamlQuoting.DoubleQuoted(argument);
        });
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>
    /// Returns a build instruction unchanged after checking that it stays exactly one visible RUN line:
    /// no line break, no NUL or other control character, no trailing backslash (a continuation, even when
    /// followed by blanks) and no heredoc opener (<c>&lt;&lt;</c>), which would swallow the lines after it.
    /// </summary>
    /// <exception cref="RenderValueException">The instruction breaks one of those rules.</exception>
    public static string RunLine(string instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (instruction.Trim().Length == 0)
        {
            throw new RenderValueException("A build instruction is empty; remove it or give a shell command.");
        }

        RequireOneLine(instruction, "a build instruction");
        if (instruction.TrimEnd(' ', '\t').EndsWith('\\'))
        {
            throw new RenderValueException(
                $"The build instruction {MessageText.Show(instruction)} ends with a backslash, which would join it to the next Dockerfile line; remove the backslash.");
        }

        if (instruction.Contains("<<", StringComparison.Ordinal))
        {
            throw new RenderValueException(
                $"The build instruction {MessageText.Show(instruction)} contains '<<' (a heredoc would swallow the Dockerfile lines after it); write the file with printf or copy a script instead.");
        }

        return instruction;
    }

    private static void RequireOneLine(string value, string what)
    {
        if (TextRules.FindLineBreaker(value) is { } problem)
        {
            throw new RenderValueException($"The value {MessageText.Show(value)} cannot be {what}: it holds {problem}; remove it.");
        }
    }
}
