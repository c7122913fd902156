using System.Text.RegularExpressions;

namespace PythonRuntime.Store;

/// <summary>
/// The grammars of the parts of an entity key. Names become folder names under <c>artifacts/</c>, so they can
/// never be empty, <c>.</c>, <c>..</c> or hold a separator; ids are uuid4 values written as 32 lower-case hex digits.
/// </summary>
internal static partial class EntityNames
{
    /// <summary>The longest project name: a DNS-1123 label.</summary>
    public const int MaxProjectLength = 63;

    /// <summary>The longest function or artifact name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The length of a full id.</summary>
    public const int IdLength = 32;

    /// <summary>The shortest run id prefix accepted, so a stray digit never picks a run by luck.</summary>
    public const int MinPrefixLength = 4;

    public const string ProjectRule = "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters (for example 'my-project')";

    public const string NameRule = "letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters (for example 'output_0')";

    public const string IdRule = "32 lower-case hex digits (a uuid4 without dashes)";

    public const string FormatRule = "lowercase letters, digits, '.', '_', '+' and '-', starting with a letter or digit, at most 32 characters (for example 'json')";

    public static bool IsProject(string? value) => value is not null && value.Length <= MaxProjectLength && Project().IsMatch(value);

    public static bool IsName(string? value) => value is not null && Name().IsMatch(value);

    public static bool IsId(string? value) => value is not null && Id().IsMatch(value);

    public static bool IsIdPrefix(string? value) => value is not null && value.Length >= MinPrefixLength && value.Length <= IdLength && Hex().IsMatch(value);

    public static bool IsFormat(string? value) => value is not null && Format().IsMatch(value);

    /// <summary>Makes a new id: a uuid4 (<see cref="Guid.NewGuid"/> is version 4) as 32 lower-case hex digits.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    [GeneratedRegex(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Project();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Name();

    [GeneratedRegex(@"\A[0-9a-f]{32}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Id();

    [GeneratedRegex(@"\A[0-9a-f]+\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Hex();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._+-]{0,31}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Format();
}
