using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>Shared value rules (names, single lines, uniqueness) used by the function, task and project validators.</summary>
public static partial class Rules
{
    /// <summary>The longest name allowed, leaving room for the suffixes resource names add (Job run ids).</summary>
    public const int MaxNameLength = 40;

    /// <summary>Checks a project, function, volume or profile name: a DNS-1123 label short enough for suffixes.</summary>
    public static void Name(string value, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        if (value.Length > MaxNameLength)
        {
            scope.Error(field, $"'{Text.Clip(value)}' is {value.Length} characters long; names may have at most {MaxNameLength} so Kubernetes resource names keep room for suffixes.");
        }
        else if (!DnsLabel().IsMatch(value))
        {
            scope.Error(field, $"'{Text.Clip(value)}' is not a valid name; use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (for example 'hello-world').");
        }
    }

    /// <summary>Gets a value indicating whether <paramref name="value"/> is a valid name (see <see cref="Name"/>).</summary>
    public static bool IsName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxNameLength && DnsLabel().IsMatch(value);
    }

    /// <summary>Checks that <paramref name="value"/> is one line without control characters; returns false when it is not.</summary>
    public static bool SingleLine(string value, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        if (Text.SingleLineProblem(value) is { } problem)
        {
            scope.Error(field, $"'{Text.Clip(value)}' {problem}.");
            return false;
        }

        if (value.Length > Limits.MaxLineLength)
        {
            scope.Error(field, $"is longer than {Limits.MaxLineLength} characters.");
            return false;
        }

        return true;
    }

    /// <summary>Checks a Python function name (handler part, init function): an ASCII identifier that is not a keyword.</summary>
    public static void Identifier(string value, string field, string what, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        if (!PythonNames.IsIdentifier(value))
        {
            scope.Error(field, $"'{Text.Clip(value)}' is not a Python identifier; {what} must be ASCII letters, digits and '_', not starting with a digit and not a keyword.");
        }
    }

    /// <summary>Reports every repeated key after its first use, at the repeat's field.</summary>
    public static void Unique<T>(IReadOnlyList<T> items, Func<T, string> key, Func<int, string> field, string what, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(scope);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var value = key(items[i]);
            if (!first.TryAdd(value, i))
            {
                scope.Error(field(i), $"'{Text.Clip(value)}' is already used at {field(first[value])}; each {what} may appear once.");
            }
        }
    }

    [GeneratedRegex(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DnsLabel();
}
