using System.Text;

namespace PythonRuntime.Sdk;

/// <summary>
/// Shows field paths in SDK errors with the names the caller typed: the top-level snake_case keys of a
/// definition become the camelCase parameters of <c>NewFunction</c> (<c>code_src</c> is <c>codeSrc</c>).
/// Nested paths (inside <c>tasks</c> or <c>run</c>) keep the file spelling, which the spec records document.
/// </summary>
internal static class SdkFieldNames
{
    public static string Display(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var end = field.IndexOfAny(['.', '[']);
        var head = end < 0 ? field : field[..end];
        return ToCamel(head) + (end < 0 ? string.Empty : field[end..]);
    }

    private static string ToCamel(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = builder.Length > 0;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
