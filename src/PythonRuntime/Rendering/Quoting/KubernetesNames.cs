using System.Text.RegularExpressions;

namespace PythonRuntime.Rendering.Quoting;

/// <summary>
/// The apimachinery name rules, ported with <c>\A...\z</c> anchors and ASCII classes (a .NET <c>$</c> would
/// accept a trailing line break). Each check returns null when the value is valid, else what is wrong.
/// </summary>
internal static partial class KubernetesNames
{
    public const int LabelMax = 63;

    public const int SubdomainMax = 253;

    /// <summary>Gets what is wrong with <paramref name="value"/> as a DNS-1123 label (names of Jobs, volumes, containers, namespaces).</summary>
    public static string? CheckDnsLabel(string value) =>
        value.Length > LabelMax ? $"is {value.Length} characters long; a DNS-1123 label has at most {LabelMax}"
        : DnsLabel().IsMatch(value) ? null
        : "is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)";

    /// <summary>Gets what is wrong with <paramref name="value"/> as a DNS-1035 label (Service names: must start with a letter).</summary>
    public static string? CheckDns1035Label(string value) =>
        CheckDnsLabel(value) ?? (value[0] is >= 'a' and <= 'z' ? null : "must start with a lowercase letter to name a Service (DNS-1035)");

    /// <summary>Gets what is wrong with <paramref name="value"/> as a DNS-1123 subdomain (Secret, ConfigMap, claim names).</summary>
    public static string? CheckDnsSubdomain(string value) =>
        value.Length > SubdomainMax ? $"is {value.Length} characters long; a DNS-1123 subdomain has at most {SubdomainMax}"
        : DnsSubdomain().IsMatch(value) ? null
        : "is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)";

    /// <summary>Gets what is wrong with <paramref name="value"/> as a label value.</summary>
    public static string? CheckLabelValue(string value) =>
        value.Length > LabelMax ? $"is {value.Length} characters long; a label value has at most {LabelMax}"
        : LabelValue().IsMatch(value) ? null
        : "is not a label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

    /// <summary>Gets what is wrong with <paramref name="value"/> as a label or annotation key (<c>[prefix/]name</c>).</summary>
    public static string? CheckQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0 && CheckDnsSubdomain(value[..slash]) is { } prefixProblem)
        {
            return "has a prefix that " + prefixProblem;
        }

        return name.Length is 0 or > LabelMax || !QualifiedNamePart().IsMatch(name)
            ? "is not a qualified name (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"
            : null;
    }

    /// <summary>Gets what is wrong with <paramref name="value"/> as an environment variable name (a C identifier, valid everywhere).</summary>
    public static string? CheckEnvName(string value) =>
        EnvName().IsMatch(value) ? null : "is not an environment variable name (a letter or '_', then letters, digits or '_')";

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"\A(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"\A([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EnvName();
}
