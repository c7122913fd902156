namespace PythonRuntime.Validation;

/// <summary>
/// Checks a PEP 508 environment marker (<c>python_version &gt;= "3.10" and sys_platform == 'linux'</c>) by
/// recursive descent. Markers nest with parentheses, which no regular expression can check, so this is
/// the one piece of the requirement grammar written by hand; nesting is capped so input cannot recurse deeply.
/// </summary>
public static class MarkerParser
{
    private const int MaxDepth = 16;

    private static readonly HashSet<string> Variables = new(StringComparer.Ordinal)
    {
        "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
        "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
        "implementation_version", "extra",
    };

    private static readonly string[] Operators = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

    /// <summary>Gets what is wrong with <paramref name="marker"/>, or null when it is valid.</summary>
    public static string? Problem(string marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var state = new State(marker);
        var problem = Expression(state, 0) ?? (state.SkipSpaces() < marker.Length ? $"unexpected '{Text.Clip(marker[state.Position..], 20)}'" : null);
        return problem;
    }

    private static string? Expression(State state, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"nested deeper than {MaxDepth} parentheses";
        }

        var problem = Conjunction(state, depth);
        while (problem is null && state.TryWord("or"))
        {
            problem = Conjunction(state, depth);
        }

        return problem;
    }

    private static string? Conjunction(State state, int depth)
    {
        var problem = Atom(state, depth);
        while (problem is null && state.TryWord("and"))
        {
            problem = Atom(state, depth);
        }

        return problem;
    }

    private static string? Atom(State state, int depth)
    {
        state.SkipSpaces();
        if (state.TryLiteral("("))
        {
            var inner = Expression(state, depth + 1);
            if (inner is not null)
            {
                return inner;
            }

            state.SkipSpaces();
            return state.TryLiteral(")") ? null : "a '(' is not closed";
        }

        return Value(state) ?? Operator(state) ?? Value(state);
    }

    private static string? Value(State state)
    {
        state.SkipSpaces();
        var text = state.Text;
        if (state.Position >= text.Length)
        {
            return "it ends where a value was expected";
        }

        var quote = text[state.Position];
        if (quote is '\'' or '"')
        {
            var close = text.IndexOf(quote, state.Position + 1);
            if (close < 0)
            {
                return "a quoted string is not closed";
            }

            state.Position = close + 1;
            return null;
        }

        var start = state.Position;
        while (state.Position < text.Length && (char.IsAsciiLetterOrDigit(text[state.Position]) || text[state.Position] == '_'))
        {
            state.Position++;
        }

        var word = text[start..state.Position];
        return Variables.Contains(word) ? null : $"'{Text.Clip(word.Length == 0 ? text[start..] : word, 30)}' is not a marker variable or a quoted string";
    }

    private static string? Operator(State state)
    {
        state.SkipSpaces();
        if (state.TryWord("not"))
        {
            return state.TryWord("in") ? null : "'not' must be followed by 'in'";
        }

        if (state.TryWord("in"))
        {
            return null;
        }

        foreach (var op in Operators)
        {
            if (state.TryLiteral(op))
            {
                return null;
            }
        }

        return "a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in) is missing";
    }

    private sealed class State(string text)
    {
        public string Text { get; } = text;

        public int Position { get; set; }

        public int SkipSpaces()
        {
            while (Position < Text.Length && Text[Position] is ' ' or '\t')
            {
                Position++;
            }

            return Position;
        }

        public bool TryLiteral(string literal)
        {
            if (string.CompareOrdinal(Text, Position, literal, 0, literal.Length) != 0)
            {
                return false;
            }

            Position += literal.Length;
            return true;
        }

        public bool TryWord(string word)
        {
            var start = SkipSpaces();
            var end = start + word.Length;
            if (!TryLiteral(word))
            {
                return false;
            }

            if (end < Text.Length && (char.IsAsciiLetterOrDigit(Text[end]) || Text[end] == '_'))
            {
                Position = start;
                return false;
            }

            return true;
        }
    }
}
