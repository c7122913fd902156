using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PythonRuntime.Rendering.Quoting;

/// <summary>
/// Writes values for YAML manifests. Every string becomes a double-quoted scalar that is also a valid JSON
/// string, so no value can end its line, start a key, change its type (<c>yes</c>, <c>0777</c>, <c>1.10</c>,
/// <c>~</c>) or open a comment or an anchor. Structures become JSON flow collections (JSON is YAML).
/// </summary>
internal static class YamlQuoting
{
    private const int MaxDepth = 64;

    /// <summary>Returns <paramref name="value"/> as a double-quoted scalar.</summary>
    /// <exception cref="RenderValueException">The value holds an unpaired UTF-16 surrogate, which no encoding can carry.</exception>
    public static string DoubleQuoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        AppendDoubleQuoted(builder, value);
        return builder.ToString();
    }

    /// <summary>Returns <paramref name="value"/> as a JSON flow value whose strings are all double-quoted scalars.</summary>
    /// <exception cref="RenderValueException">The value cannot be written (unsupported type, bad text or too deep).</exception>
    public static string Flow(object? value)
    {
        var builder = new StringBuilder();
        AppendFlow(builder, value, 0);
        return builder.ToString();
    }

    private static void AppendDoubleQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        // A pair is written as the character itself: YAML has no escape for surrogate halves.
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new RenderValueException(
                            $"The value {MessageText.Show(value)} holds an unpaired UTF-16 surrogate at index {i}; fix the text (it cannot be encoded as UTF-8).");
                    }
                    else if (TextRules.IsInvisibleOrControl(c))
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

        builder.Append('"');
    }

    private static void AppendFlow(StringBuilder builder, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RenderValueException($"A value is nested deeper than {MaxDepth} levels; flatten it.");
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                AppendDoubleQuoted(builder, text);
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case JsonElement element:
                AppendElement(builder, element, depth);
                break;
            case JsonNode node:
                AppendElement(builder, JsonSerializer.SerializeToElement(node), depth);
                break;
            case IEnumerable<KeyValuePair<string, string>> stringMap:
                AppendMap(builder, stringMap.Select(pair => new KeyValuePair<string, object?>(pair.Key, pair.Value)), depth);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                AppendMap(builder, map, depth);
                break;
            case IDictionary dictionary:
                AppendMap(builder, dictionary.Cast<DictionaryEntry>().Select(entry => new KeyValuePair<string, object?>(KeyOf(entry.Key), entry.Value)), depth);
                break;
            case IEnumerable sequence:
                AppendSequence(builder, sequence.Cast<object?>(), depth);
                break;
            default:
                throw new RenderValueException($"A value of type '{value.GetType().Name}' cannot be written to a manifest; pass text, a number, a list or a map.");
        }
    }

    private static string KeyOf(object key) =>
        key as string ?? throw new RenderValueException($"A map key of type '{key.GetType().Name}' cannot be written to a manifest; keys must be text.");

    private static void AppendMap(StringBuilder builder, IEnumerable<KeyValuePair<string, object?>> map, int depth)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, item) in map)
        {
            builder.Append(first ? string.Empty : ", ");
            first = false;
            AppendDoubleQuoted(builder, key);
            builder.Append(": ");
            AppendFlow(builder, item, depth + 1);
        }

        builder.Append('}');
    }

    private static void AppendSequence(StringBuilder builder, IEnumerable<object?> items, int depth)
    {
        builder.Append('[');
        var first = true;
        foreach (var item in items)
        {
            builder.Append(first ? string.Empty : ", ");
            first = false;
            AppendFlow(builder, item, depth + 1);
        }

        builder.Append(']');
    }

    private static void AppendElement(StringBuilder builder, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                AppendMap(builder, element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)), depth);
                break;
            case JsonValueKind.Array:
                AppendSequence(builder, element.EnumerateArray().Select(e => (object?)e), depth);
                break;
            case JsonValueKind.String:
                AppendDoubleQuoted(builder, element.GetString()!);
                break;
            case JsonValueKind.Number:
                // The raw text of a parsed JSON number is a valid YAML number with the same meaning.
                builder.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }
}
