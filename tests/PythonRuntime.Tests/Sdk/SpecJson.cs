using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Sdk;

/// <summary>
/// A canonical JSON text of a <see cref="FunctionSpec"/> for equality checks: every property, object keys
/// sorted, numbers by value, so two specs are equal exactly when their canonical texts are.
/// </summary>
internal static class SpecJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Canonical(FunctionSpec spec)
    {
        var element = JsonSerializer.SerializeToElement(spec, Options);
        var builder = new StringBuilder();
        Write(element, builder);
        return builder.ToString();
    }

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Write(property.Value, builder);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, builder);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.GetDecimal().ToString(CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.'));
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }
}
