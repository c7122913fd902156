using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>Python identifiers and handler references, ASCII only (no Unicode identifiers: they reach file names and shells).</summary>
public static partial class PythonNames
{
    // Hard keywords cannot name a function or module; soft keywords (match, case, type, _) can.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Gets a value indicating whether <paramref name="value"/> is an ASCII Python identifier that is not a keyword.</summary>
    public static bool IsIdentifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IdentifierPattern().IsMatch(value) && !Keywords.Contains(value);
    }

    /// <summary>Gets a value indicating whether <paramref name="value"/> is <c>func</c>, <c>module:func</c> or <c>pkg.module:func</c>.</summary>
    public static bool IsHandler(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!HandlerPattern().IsMatch(value))
        {
            return false;
        }

        return value.Split(':', '.').All(part => !Keywords.Contains(part));
    }

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\A(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*:)?[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex HandlerPattern();
}
