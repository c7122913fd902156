using System.Globalization;
using System.Text.Json;

namespace PythonRuntime.Loading;

/// <summary>Converts free-form definition data (run parameters, affinity) to JSON, typing plain scalars by the core schema.</summary>
public static class DocJson
{
    /// <summary>Converts a node to an immutable JSON value.</summary>
    public static JsonElement ToJson(DocNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, DocNode node)
    {
        switch (node)
        {
            case DocScalar scalar:
                WriteScalar(writer, scalar);
                break;
            case DocSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case DocMapping mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, DocScalar scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase));
                break;
            case ScalarKind.Integer when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                writer.WriteNumberValue(whole);
                break;
            case ScalarKind.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            default:
                // Hex, octal, infinities and NaN have no JSON form; they stay text.
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }
}
