using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PythonRuntime.Rendering.Verification;

/// <summary>
/// Reads a rendered manifest into the KubernetesClient model the way the API server sees it: YamlDotNet parses
/// the YAML, which becomes JSON (plain scalars resolved by the YAML 1.2 core schema, quoted ones always text),
/// and System.Text.Json builds the typed object with the model's own converters. It is strict: unknown fields,
/// duplicate keys, anchors, aliases, tags and extra documents are refused, and a value of the wrong type
/// (an unquoted number where text belongs) fails as it would on the server. One pass and no shared lock keep
/// it fast and parallel; a test keeps it in agreement with <c>KubernetesYaml.LoadAllFromString(text, strict: true)</c>.
/// </summary>
internal static class StrictManifestReader
{
    private const int MaxDepth = 64;

    private static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new IntOrStringJsonConverter(), new ResourceQuantityJsonConverter(), new JsonStringEnumConverter() },
    };

    /// <summary>Reads the single document of <paramref name="text"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="YamlException">The text is not valid YAML, or uses what a manifest must not (anchors, aliases, tags, duplicate keys, a second document).</exception>
    /// <exception cref="JsonException">A field is unknown to the model or has a value of the wrong type.</exception>
    public static T Read<T>(string text)
        where T : class
    {
        var json = ToJson(text);
        return JsonSerializer.Deserialize<T>(json.WrittenSpan, Options)
            ?? throw new YamlException("The output holds no YAML document.");
    }

    /// <summary>Converts the single YAML document of <paramref name="text"/> to UTF-8 JSON.</summary>
    internal static ArrayBufferWriter<byte> ToJson(string text)
    {
        var parser = new Parser(new StringReader(text));
        var buffer = new ArrayBufferWriter<byte>(text.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                throw new YamlException("The output holds no YAML document.");
            }

            parser.Consume<DocumentStart>();
            WriteNode(parser, writer, 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                throw new YamlException(parser.Current!.Start, parser.Current.End, "The output holds more than one YAML document.");
            }
        }

        return buffer;
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, int depth)
    {
        var current = parser.Current ?? throw new YamlException("The YAML ends in the middle of a value.");
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"The YAML nests deeper than {MaxDepth} levels.");
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } or NodeEvent { Tag.IsEmpty: false } or AnchorAlias)
        {
            throw new YamlException(current.Start, current.End, "Anchors, aliases and tags have no place in a rendered manifest.");
        }

        switch (current)
        {
            case Scalar scalar:
                WriteScalar(scalar, writer);
                parser.MoveNext();
                break;
            case MappingStart:
                parser.MoveNext();
                writer.WriteStartObject();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = parser.Current as Scalar ?? throw new YamlException(parser.Current!.Start, parser.Current.End, "A mapping key must be text.");
                    if (!keys.Add(key.Value))
                    {
                        throw new YamlException(key.Start, key.End, $"Duplicate key '{key.Value}'.");
                    }

                    writer.WritePropertyName(key.Value);
                    parser.MoveNext();
                    WriteNode(parser, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case SequenceStart:
                parser.MoveNext();
                writer.WriteStartArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    WriteNode(parser, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new YamlException(current.Start, current.End, $"Unexpected YAML event {current.GetType().Name}.");
        }
    }

    // YAML 1.2 core schema for plain scalars; any quoted scalar is text.
    private static void WriteScalar(Scalar scalar, Utf8JsonWriter writer)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(value);
            return;
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                writer.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                return;
        }

        if (IsDecimalInteger(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (IsFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static bool IsDecimalInteger(string value)
    {
        var digits = value.AsSpan(value.Length > 0 && value[0] is '-' or '+' ? 1 : 0);
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsFloat(string value)
    {
        var body = value.AsSpan(value.Length > 0 && value[0] is '-' or '+' ? 1 : 0);
        var dot = body.IndexOf('.');
        var exponent = body.IndexOfAny('e', 'E');
        var mantissa = exponent < 0 ? body : body[..exponent];
        if (mantissa.Length == 0 || mantissa.ContainsAnyExcept("0123456789.") || mantissa.Count('.') > 1 || (dot >= 0 && mantissa.Length == 1))
        {
            return false;
        }

        if (exponent < 0)
        {
            return dot >= 0;
        }

        var power = body[(exponent + 1)..];
        power = power.Length > 0 && power[0] is '-' or '+' ? power[1..] : power;
        return power.Length > 0 && !power.ContainsAnyExceptInRange('0', '9');
    }
}
