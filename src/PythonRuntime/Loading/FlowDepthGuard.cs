namespace PythonRuntime.Loading;

/// <summary>
/// Finds flow nesting (<c>[[[[</c>, <c>{{{{</c>) deeper than the cap before the YAML parser sees the text.
/// YamlDotNet's scanner keeps one possible simple key per open flow level and re-checks all of them on every
/// token, so deep flow nesting costs quadratic time (20,000 levels take seconds, a 1 MiB file far longer).
/// This linear scan tokenizes just enough YAML to count flow brackets: it skips comments, quoted scalars
/// (which start only where a YAML token can start, as in the parser) and block scalar content.
/// A plain scalar holding more than the cap of unbalanced brackets inside flow context is a false positive,
/// which no definition has.
/// </summary>
public static class FlowDepthGuard
{
    /// <summary>Gets the 1-based line and column of the first bracket nested deeper than <paramref name="maxDepth"/>, or null.</summary>
    public static (int Line, int Column)? FindTooDeep(string text, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var depth = 0;
        var line = 1;
        var lineStart = 0;
        var blockIndent = -1;
        var i = 0;
        while (i < text.Length)
        {
            // Block scalar content: every line indented more than the line that opened it, and blank lines.
            if (blockIndent >= 0 && i == lineStart)
            {
                var indent = Indent(text, i);
                var end = text.IndexOf('\n', i);
                var blank = (end < 0 ? text[i..] : text[i..end]).Trim().Length == 0;
                if (blank || indent > blockIndent)
                {
                    i = end < 0 ? text.Length : end + 1;
                    line++;
                    lineStart = i;
                    continue;
                }

                blockIndent = -1;
            }

            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    i++;
                    lineStart = i;
                    continue;
                case '#' when i == lineStart || text[i - 1] is ' ' or '\t':
                    i = SkipTo(text, i, '\n');
                    continue;
                case '\'' or '"' when AtTokenStart(text, i, lineStart):
                    i = SkipQuoted(text, i, ref line, ref lineStart);
                    continue;
                case '[' or '{':
                    if (++depth > maxDepth)
                    {
                        return (line, i - lineStart + 1);
                    }

                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '|' or '>' when depth == 0 && AtTokenStart(text, i, lineStart) && OpensBlockScalar(text, i):
                    blockIndent = Indent(text, lineStart);
                    i = SkipTo(text, i, '\n');
                    continue;
            }

            i++;
        }

        return null;
    }

    private static bool AtTokenStart(string text, int i, int lineStart)
    {
        var j = i - 1;
        while (j >= lineStart && text[j] is ' ' or '\t')
        {
            j--;
        }

        return j < lineStart || text[j] is ':' or '-' or '?' or ',' or '[' or '{';
    }

    private static bool OpensBlockScalar(string text, int i)
    {
        // '|' or '>' with optional indentation and chomping indicators, then only a comment or the line end.
        var j = i + 1;
        while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is '+' or '-'))
        {
            j++;
        }

        while (j < text.Length && text[j] is ' ' or '\t' or '\r')
        {
            j++;
        }

        return j >= text.Length || text[j] is '\n' or '#';
    }

    private static int SkipQuoted(string text, int i, ref int line, ref int lineStart)
    {
        var quote = text[i++];
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (quote == '"' && c == '\\')
            {
                i++;
            }
            else if (c == quote)
            {
                if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i;
    }

    private static int SkipTo(string text, int i, char stop)
    {
        var end = text.IndexOf(stop, i);
        return end < 0 ? text.Length : end;
    }

    private static int Indent(string text, int start)
    {
        var j = start;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        return j - start;
    }
}
