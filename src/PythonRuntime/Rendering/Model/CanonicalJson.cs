using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// A canonical JSON form for hashing specs: snake_case names, enums as names, nulls left out (so a new
/// optional field does not change old hashes), object keys sorted, no whitespace.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Returns <c>sha256:&lt;hex&gt;</c> of the canonical JSON of <paramref name="value"/>.</summary>
    public static string Sha256(object value) => Hash(Write(value));

    /// <summary>
    /// Returns the hash of the canonical JSON object whose members are <paramref name="members"/> (already
    /// canonical), the same as <see cref="Sha256"/> of that object: lets a caller serialize shared parts once.
    /// </summary>
    public static string Sha256(params (string Name, byte[] Canonical)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, canonical) in members.OrderBy(member => member.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(canonical, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return Hash(buffer.ToArray());
    }

    /// <summary>Returns the canonical JSON of <paramref name="value"/> as UTF-8.</summary>
    public static byte[] Write(object value)
    {
        var node = JsonSerializer.SerializeToNode(value, Options);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, node);
        }

        return buffer.ToArray();
    }

    private static string Hash(byte[] canonical) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical));

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, child) in obj.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, child);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var child in array)
                {
                    WriteSorted(writer, child);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
