using System.Text.RegularExpressions;

namespace PythonRuntime.Loading;

/// <summary>
/// Resolves plain scalars with the YAML 1.2 core schema. YAML 1.1 words such as <c>yes</c>, <c>on</c> and
/// <c>0777</c>-as-octal are strings here; binding reports a value whose type is not the field's, so
/// <c>version: 1.10</c> in a string field is an error ("quote it") rather than a silent 1.1.
/// </summary>
public static partial class CoreSchema
{
    /// <summary>Classifies a plain scalar.</summary>
    public static ScalarKind Classify(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Bool;
        }

        // Every number starts with a digit, a sign or a dot; most scalars are words and skip the patterns.
        if (!char.IsAsciiDigit(value[0]) && value[0] is not ('+' or '-' or '.'))
        {
            return ScalarKind.String;
        }

        if (IntegerPattern().IsMatch(value))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(value) ? ScalarKind.Float : ScalarKind.String;
    }

    [GeneratedRegex(@"\A(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"\A(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FloatPattern();
}
