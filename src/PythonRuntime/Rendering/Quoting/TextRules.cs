namespace PythonRuntime.Rendering.Quoting;

/// <summary>Character classes shared by the quoting helpers.</summary>
internal static class TextRules
{
    /// <summary>
    /// Gets a value indicating whether <paramref name="c"/> is a control character, a line or paragraph
    /// separator, a byte-order mark, a non-character or a bidirectional override: characters that either
    /// break a line-oriented format or hide what a reviewer reads.
    /// </summary>
    public static bool IsInvisibleOrControl(char c) =>
        c < 0x20 || c == 0x7F
        || (c >= 0x80 && c <= 0x9F)
        || c == '\u2028' || c == '\u2029'
        || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E' || c == '\u200F';

    /// <summary>Gets a description of the first character that may not appear on one Dockerfile line, or null.</summary>
    public static string? FindLineBreaker(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\n' || c == '\r')
            {
                return "a line break";
            }

            if (c == '\0')
            {
                return "a NUL character";
            }

            if (c != '\t' && IsInvisibleOrControl(c))
            {
                return $"the control or invisible character U+{(int)c:X4}";
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return "an unpaired UTF-16 surrogate";
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return "an unpaired UTF-16 surrogate";
            }
        }

        return null;
    }
}
