using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>
/// One line of <c>requirements</c>: a single-line PEP 508 requirement (name, extras, version specifiers or
/// <c>name @ url</c>, and an environment marker). Requirements are written to a requirements file that pip
/// reads, and pip gives such files more power than PEP 508 does, so everything beyond the PEP 508 subset is
/// refused: options (<c>-r</c>, <c>-e</c>, <c>--index-url</c>, <c>--hash</c>), comments (<c>#</c>), environment
/// variable expansion (<c>${VAR}</c>), line continuations, bare paths and URLs, and URLs with credentials.
/// </summary>
public static partial class Requirement
{
    /// <summary>Gets what is wrong with <paramref name="line"/>, or null when it is a valid requirement.</summary>
    public static string? Problem(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Text.SingleLineProblem(line) is { } control)
        {
            return control;
        }

        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return "is empty; write a package name such as 'requests==2.32.3'";
        }

        if (line.Length > Limits.MaxLineLength)
        {
            return $"is longer than {Limits.MaxLineLength} characters";
        }

        if (trimmed.StartsWith('-') || OptionPattern().IsMatch(trimmed))
        {
            return "holds a pip option; options such as -r, -e, --index-url or --hash are not allowed here (the package index comes from pip_index_url in project.yaml)";
        }

        if (trimmed.EndsWith('\\'))
        {
            return "ends with a backslash, which would join it with the next line; remove it";
        }

        if (trimmed.Contains('#', StringComparison.Ordinal))
        {
            return "contains '#', which pip reads as a comment; remove it";
        }

        if (trimmed.Contains('$', StringComparison.Ordinal))
        {
            return "contains '$', which pip expands from environment variables; write the value out";
        }

        var match = HeadPattern().Match(trimmed);
        if (!match.Success)
        {
            return trimmed.Contains("://", StringComparison.Ordinal) && !trimmed.Contains('@', StringComparison.Ordinal)
                ? "is a bare URL; name the package as 'name @ https://...'"
                : "is not a PEP 508 requirement; use a name with optional extras, version specifiers and marker, such as 'pandas[excel]>=2,<3; python_version >= \"3.10\"'";
        }

        if (match.Groups["url"].Success && match.Groups["userinfo"].Success)
        {
            return "has credentials in its URL; credentials never go into definition files";
        }

        var marker = match.Groups["marker"];
        if (marker.Success && MarkerParser.Problem(marker.Value) is { } markerProblem)
        {
            return $"has an invalid environment marker: {markerProblem}";
        }

        return null;
    }

    /// <summary>Gets the normalized project name of a valid requirement (PEP 503: lowercase, runs of -_. as '-').</summary>
    public static string NormalizedName(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = HeadPattern().Match(line.Trim());
        var name = match.Success ? match.Groups["name"].Value : line.Trim();
        return SeparatorPattern().Replace(name, "-").ToLowerInvariant();
    }

    /// <summary>Gets a value indicating whether a valid requirement has an environment marker.</summary>
    public static bool HasMarker(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return HeadPattern().Match(line.Trim()).Groups["marker"].Success;
    }

    // name, [extras], then version specifiers (optionally in parentheses) or '@ url', then '; marker'.
    // A URL must be followed by whitespace before its marker (PEP 508), so ';' ends the URL only after a space.
    [GeneratedRegex(
        @"\A(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)" +
        @"(?:[ \t]*\[[ \t]*(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:[ \t]*,[ \t]*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)*)?[ \t]*\])?" +
        @"(?:" +
        @"[ \t]*@[ \t]*(?<url>(?:https?|git\+https)://(?:(?<userinfo>[^/@\s]*)@)?[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s;]*)?)(?:[ \t]+;[ \t]*(?<marker>.+))?" +
        @"|" +
        @"[ \t]*(?:\([ \t]*(?<spec>(?:===|==|!=|~=|<=|>=|<|>)[ \t]*[A-Za-z0-9_.*+!-]+(?:[ \t]*,[ \t]*(?:===|==|!=|~=|<=|>=|<|>)[ \t]*[A-Za-z0-9_.*+!-]+)*)[ \t]*\)" +
        @"|(?<spec>(?:===|==|!=|~=|<=|>=|<|>)[ \t]*[A-Za-z0-9_.*+!-]+(?:[ \t]*,[ \t]*(?:===|==|!=|~=|<=|>=|<|>)[ \t]*[A-Za-z0-9_.*+!-]+)*))?" +
        @"(?:[ \t]*;[ \t]*(?<marker>.+))?" +
        @")\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex HeadPattern();

    [GeneratedRegex(@"(?:\A|[ \t])--?[A-Za-z]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"[-_.]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SeparatorPattern();
}
