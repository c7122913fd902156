using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>Shared value rules (names, labels, paths), ported from the Kubernetes and PEP 508 grammars.</summary>
public static partial class Rules
{
    /// <summary>The longest name allowed, leaving room for the suffixes resource names add (Job run ids).</summary>
    public const int MaxNameLength = 40;

    /// <summary>Checks a project or function name: a DNS-1123 label short enough for suffixes.</summary>
    public static void Name(string value, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (value.Length > MaxNameLength)
        {
            scope.Error(field, $"'{value}' is {value.Length} characters long; names may have at most {MaxNameLength} so Kubernetes resource names keep room for suffixes.");
        }
        else if (!DnsLabel().IsMatch(value))
        {
            scope.Error(field, $"'{value}' is not a valid name; use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (for example 'hello-world').");
        }
    }

    [GeneratedRegex(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DnsLabel();
}
