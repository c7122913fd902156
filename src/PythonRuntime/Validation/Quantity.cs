using System.Globalization;
using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>
/// A Kubernetes resource quantity (<c>100m</c>, <c>1.5</c>, <c>256Mi</c>, <c>1e3</c>), parsed by the grammar of
/// apimachinery's <c>ParseQuantity</c>: a non-negative decimal number and at most one suffix, binary
/// (Ki..Ei), decimal (n, u, m, k, M..E) or an exponent (e3, E-2). KubernetesClient's own parser accepts
/// trailing spaces and odd negatives, so it is not used to decide validity.
/// </summary>
public static partial class Quantity
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [string.Empty] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1_000m,
        ["M"] = 1_000_000m,
        ["G"] = 1_000_000_000m,
        ["T"] = 1_000_000_000_000m,
        ["P"] = 1_000_000_000_000_000m,
        ["E"] = 1_000_000_000_000_000_000m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>Parses <paramref name="text"/> to its value; false when it is not a valid non-negative quantity or too large to compare.</summary>
    public static bool TryParse(string text, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        var match = QuantityPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var number = match.Groups["number"].Value;
        if (number.StartsWith('.'))
        {
            number = "0" + number;
        }

        if (!decimal.TryParse(number.TrimEnd('.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
        {
            return false;
        }

        try
        {
            var exponent = match.Groups["exponent"];
            if (exponent.Success)
            {
                var power = int.Parse(exponent.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (Math.Abs(power) > 27)
                {
                    return false;
                }

                value = mantissa * Pow10(power);
                return true;
            }

            value = mantissa * Suffixes[match.Groups["suffix"].Value];
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Gets a value indicating whether <paramref name="text"/> is a whole number without suffix (<c>1</c>, <c>2</c>).</summary>
    public static bool IsWholeNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WholePattern().IsMatch(text);
    }

    private static decimal Pow10(int power)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(power); i++)
        {
            result *= 10m;
        }

        return power < 0 ? 1m / result : result;
    }

    [GeneratedRegex(@"\A(?<number>\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE](?<exponent>[-+]?[0-9]+))?\z", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"\A[0-9]+\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex WholePattern();
}
