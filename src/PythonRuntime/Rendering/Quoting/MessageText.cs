using System.Globalization;
using System.Text;

namespace PythonRuntime.Rendering.Quoting;

/// <summary>Shows a user value inside an error message: single-quoted, control characters escaped, long values cut.</summary>
internal static class MessageText
{
    private const int MaxShown = 120;

    /// <summary>Returns <paramref name="value"/> in single quotes, safe to print on one terminal line.</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxShown) + 8);
        builder.Append('\'');
        var shown = 0;
        foreach (var c in value)
        {
            if (shown++ == MaxShown)
            {
                builder.Append("...");
                break;
            }

            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (TextRules.IsInvisibleOrControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('\'');
        return builder.ToString();
    }
}
