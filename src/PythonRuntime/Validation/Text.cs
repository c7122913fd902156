namespace PythonRuntime.Validation;

/// <summary>
/// Character-level checks shared by every rule. A value that reaches a Dockerfile, a requirements file or a
/// manifest must stay one line: CR, LF, NUL and the other C0 controls could start a new instruction or
/// key, so single-line values reject them all (TAB excepted), before any grammar is applied.
/// </summary>
public static class Text
{
    /// <summary>Gets a description of the first control character in <paramref name="value"/> that a single line may not hold, or null.</summary>
    public static string? SingleLineProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c == '\t')
            {
                continue;
            }

            // NEL and the Unicode line and paragraph separators break lines for some YAML and text tools.
            if (c < 0x20 || c == 0x7F || c is '\u0085' or '\u2028' or '\u2029')
            {
                return $"contains {Describe(c)}; it must be a single line without control characters";
            }

            // "Trojan Source": a bidirectional control makes a line display differently from what a shell or parser reads.
            if (IsBidiControl(c))
            {
                return $"contains the bidirectional control character U+{(int)c:X4}, which makes the line read differently from what runs; remove it";
            }
        }

        return null;
    }

    /// <summary>Gets a description of the first control character not allowed in multi-line text (TAB, LF and CR are allowed), or null.</summary>
    public static string? MultiLineProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (c < 0x20 || c == 0x7F)
            {
                return $"contains {Describe(c)}, which text may not hold";
            }
        }

        return null;
    }

    /// <summary>Gets a value indicating whether every character is printable ASCII (no spaces, no controls).</summary>
    public static bool IsVisibleAscii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c <= 0x20 || c >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Shortens a value for a message so one huge value cannot flood the output.</summary>
    public static string Clip(string value, int max = 80)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = value.Length <= max ? value : value[..max] + "...";
        shown = shown.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return shown.Any(IsBidiControl)
            ? string.Concat(shown.Select(c => IsBidiControl(c) ? $"\\u{(int)c:X4}" : c.ToString()))
            : shown;
    }

    /// <summary>Gets whether <paramref name="c"/> is a Unicode bidirectional formatting character (embeddings, overrides, isolates and marks).</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Names a control character for messages ("a line feed (\n)").</summary>
    public static string Describe(char c) => c switch
    {
        '\n' => "a line feed (\\n)",
        '\r' => "a carriage return (\\r)",
        '\0' => "a NUL character (\\0)",
        _ => $"the control character U+{(int)c:X4}",
    };
}
