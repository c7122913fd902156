namespace PythonRuntime.Loading;

/// <summary>Finds the allowed name closest to a misspelt one, for "Did you mean" hints.</summary>
public static class Suggestions
{
    /// <summary>Gets the closest candidate within a small edit distance, or null.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var lower = value.ToLowerInvariant();
            var known = candidate.ToLowerInvariant();

            // An abbreviation or a longer spelling ('memory' for 'mem') is as likely a slip as a typo.
            var distance = Math.Min(known.Length, lower.Length) >= 3 && (lower.StartsWith(known, StringComparison.Ordinal) || known.StartsWith(lower, StringComparison.Ordinal))
                ? 1
                : Distance(lower, known);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, value.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
