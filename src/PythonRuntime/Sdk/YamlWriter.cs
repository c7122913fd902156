using System.Text.Json;
using System.Text.RegularExpressions;
using PythonRuntime.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PythonRuntime.Sdk;

/// <summary>
/// Writes block-style YAML that the strict reader reads back to the same values. A string is written plain
/// only when it is a simple word the YAML 1.2 core schema (and YAML 1.1 readers) would also read as a
/// string; otherwise it is double-quoted, or a literal block when it spans lines. Empty collections are
/// written in flow style (<c>[]</c>, <c>{}</c>) so an explicit empty list survives the round trip.
/// </summary>
internal sealed partial class YamlWriter
{
    private static readonly HashSet<string> Yaml11Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    private readonly Emitter _emitter;

    public YamlWriter(TextWriter output)
    {
        _emitter = new Emitter(output, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: true, indentSequences: false));
        _emitter.Emit(new StreamStart());
        _emitter.Emit(new DocumentStart(null, null, isImplicit: true));
    }

    public void Finish()
    {
        _emitter.Emit(new DocumentEnd(isImplicit: true));
        _emitter.Emit(new StreamEnd());
    }

    public void BeginMap(bool empty = false) => _emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, empty ? MappingStyle.Flow : MappingStyle.Block));

    public void EndMap() => _emitter.Emit(new MappingEnd());

    public void BeginList(bool empty = false) => _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, empty ? SequenceStyle.Flow : SequenceStyle.Block));

    public void EndList() => _emitter.Emit(new SequenceEnd());

    /// <summary>Writes a key: plain when it is a simple name, else quoted.</summary>
    public void Key(string key) => String(key);

    public void String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var style = IsPlainSafe(value) ? ScalarStyle.Plain
            : IsBlockSafe(value) ? ScalarStyle.Literal
            : ScalarStyle.DoubleQuoted;
        _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    /// <summary>Writes a number or boolean as a plain scalar, read back as that type.</summary>
    public void Raw(string text) => _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    public void Entry(string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        Key(key);
        String(value);
    }

    public void Entry(string key, long? value)
    {
        if (value is null)
        {
            return;
        }

        Key(key);
        Raw(value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Entry(string key, bool value)
    {
        Key(key);
        Raw(value ? "true" : "false");
    }

    public void Strings(string key, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        Key(key);
        BeginList(values.Count == 0);
        foreach (var value in values)
        {
            String(value);
        }

        EndList();
    }

    public void StringMap(string key, IReadOnlyDictionary<string, string> map)
    {
        Key(key);
        BeginMap(map.Count == 0);
        foreach (var (name, value) in map)
        {
            Key(name);
            String(value);
        }

        EndMap();
    }

    /// <summary>Writes a JSON value as YAML; numbers keep their JSON text, which the core schema reads as numbers.</summary>
    public void Json(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                BeginMap(!value.EnumerateObject().Any());
                foreach (var property in value.EnumerateObject())
                {
                    Key(property.Name);
                    Json(property.Value);
                }

                EndMap();
                break;
            case JsonValueKind.Array:
                BeginList(value.GetArrayLength() == 0);
                foreach (var item in value.EnumerateArray())
                {
                    Json(item);
                }

                EndList();
                break;
            case JsonValueKind.String:
                String(value.GetString()!);
                break;
            case JsonValueKind.Number:
                Raw(value.GetRawText());
                break;
            case JsonValueKind.True:
                Raw("true");
                break;
            case JsonValueKind.False:
                Raw("false");
                break;
            default:
                Raw("null");
                break;
        }
    }

    private static bool IsPlainSafe(string value) =>
        PlainPattern().IsMatch(value) && CoreSchema.Classify(value) == ScalarKind.String && !Yaml11Words.Contains(value) && !NumberLike().IsMatch(value);

    private static bool IsBlockSafe(string value) =>
        value.Contains('\n', StringComparison.Ordinal) && !value.StartsWith(' ') && !value.StartsWith('\n') && value.All(c => c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F && c != 0xFEFF && !char.IsSurrogate(c) && c != '\u0085' && c != '\u2028' && c != '\u2029'))
        && !value.Split('\n').Any(line => line.EndsWith(' ') || line.EndsWith('\t'));

    // Words, paths, versions, handler and image references: no spaces, no YAML indicator at the start.
    [GeneratedRegex(@"\A[A-Za-z0-9_/][A-Za-z0-9_./@+=-]*(?::[A-Za-z0-9_./@+=-]+)*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PlainPattern();

    // YAML 1.1 reads 1_000, 1:30 (base 60) and 0b101 as numbers; quote them for every reader.
    [GeneratedRegex(@"\A(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?|0b[01_]+)\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex NumberLike();
}
