using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>
/// The Kubernetes identifier rules of apimachinery's <c>validation.go</c>, ported with anchored ASCII regexes.
/// Each check returns null when the value is valid, else the end of a sentence saying what is allowed.
/// </summary>
public static partial class KubernetesNames
{
    /// <summary>The longest DNS-1123 label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The longest DNS-1123 subdomain.</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary>Checks a DNS-1123 label (namespaces): lowercase alphanumerics and '-', at most 63 characters.</summary>
    public static string? DnsLabel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLabelLength)
        {
            return $"is {value.Length} characters long; at most {MaxLabelLength} are allowed";
        }

        return DnsLabelPattern().IsMatch(value)
            ? null
            : "is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit";
    }

    /// <summary>Checks a DNS-1123 subdomain (names of Secrets, ConfigMaps, claims): dot-separated labels, at most 253 characters.</summary>
    public static string? DnsSubdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxSubdomainLength)
        {
            return $"is {value.Length} characters long; at most {MaxSubdomainLength} are allowed";
        }

        return DnsSubdomainPattern().IsMatch(value)
            ? null
            : "is not a DNS-1123 subdomain; use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
    }

    /// <summary>Checks a qualified name (label and taint keys): an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static string? QualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = value[..slash];
            if (prefix.Length == 0 || DnsSubdomain(prefix) is not null)
            {
                return $"has the prefix '{Text.Clip(prefix)}', which is not a DNS-1123 subdomain (such as 'example.com')";
            }
        }

        if (name.Length == 0 || name.Length > MaxLabelLength)
        {
            return $"is not a qualified name; the part after an optional 'prefix/' must have 1 to {MaxLabelLength} characters";
        }

        return QualifiedNamePattern().IsMatch(name)
            ? null
            : "is not a qualified name; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, optionally after a DNS prefix and '/' (such as 'kubernetes.io/arch')";
    }

    /// <summary>Checks a label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.</summary>
    public static string? LabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLabelLength)
        {
            return $"is {value.Length} characters long; label values may have at most {MaxLabelLength}";
        }

        return value.Length == 0 || QualifiedNamePattern().IsMatch(value)
            ? null
            : "is not a valid label value; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
    }

    /// <summary>Checks an environment variable name as Kubernetes does: <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c>.</summary>
    public static string? EnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is "." or "..")
        {
            return "is not a valid environment variable name";
        }

        return EnvVarNamePattern().IsMatch(value)
            ? null
            : "is not a valid environment variable name; use letters, digits, '_', '-' and '.', not starting with a digit (for example 'LOG_LEVEL')";
    }

    [GeneratedRegex(@"\A[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex(@"\A[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DnsSubdomainPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex QualifiedNamePattern();

    [GeneratedRegex(@"\A[-._a-zA-Z][-._a-zA-Z0-9]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EnvVarNamePattern();
}
