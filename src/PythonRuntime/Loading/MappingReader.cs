using System.Globalization;
using System.Text.Json;

namespace PythonRuntime.Loading;

/// <summary>
/// Typed, strict access to the fields of one mapping. Each getter checks the value's type and reports a
/// mismatch with what was found and what is allowed; <see cref="Complete"/> then reports every key no
/// getter asked for, naming the allowed ones.
/// </summary>
public sealed class MappingReader
{
    private readonly BindingContext _context;
    private readonly DocMapping _mapping;
    private readonly string _path;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public MappingReader(BindingContext context, DocMapping mapping, string path)
    {
        _context = context;
        _mapping = mapping;
        _path = path;
        foreach (var entry in mapping.Entries)
        {
            context.SourceMap.Add(FieldPath.Key(path, entry.Key.Value), entry.Value.Location);
        }
    }

    /// <summary>Gets the dotted path of this mapping.</summary>
    public string Path => _path;

    /// <summary>Gets the mapping being read.</summary>
    public DocMapping Mapping => _mapping;

    /// <summary>Gets the shared binding context.</summary>
    public BindingContext Context => _context;

    /// <summary>Gets the path of a field of this mapping.</summary>
    public string FieldOf(string key) => FieldPath.Key(_path, key);

    /// <summary>Gets whether the mapping has <paramref name="key"/> (and marks it as known).</summary>
    public bool Has(string key) => Node(key) is not null;

    /// <summary>Gets the raw node of <paramref name="key"/>, marking the key as known; null when absent.</summary>
    public DocNode? Node(string key)
    {
        if (_known.Add(key))
        {
            _order.Add(key);
        }

        foreach (var entry in _mapping.Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Gets the first present key of several spellings (for example <c>toleration_seconds</c> and <c>tolerationSeconds</c>).</summary>
    public (string Key, DocNode Node)? FirstOf(params string[] keys)
    {
        (string, DocNode)? found = null;
        foreach (var key in keys)
        {
            var node = Node(key);
            if (node is null)
            {
                continue;
            }

            if (found is { } earlier)
            {
                _context.Error(node, FieldOf(key), $"repeats '{earlier.Item1}' under another spelling; keep one.");
                continue;
            }

            found = (key, node);
        }

        return found;
    }

    public string? String(string key) => StringOf(Node(key), FieldOf(key));

    /// <summary>Reads a string that must be present; reports it as required when absent.</summary>
    public string? RequiredString(string key, string allowed)
    {
        var node = Node(key);
        if (node is null || node is DocScalar { Kind: ScalarKind.Null })
        {
            _context.Diagnostics.Error(node?.Location ?? _mapping.Location, FieldOf(key), $"is required; {allowed}");
            return null;
        }

        return StringOf(node, FieldOf(key));
    }

    public bool? Bool(string key)
    {
        var node = Node(key);
        if (node is null || node is DocScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (node is DocScalar { Kind: ScalarKind.Bool } scalar)
        {
            return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        _context.Error(node, FieldOf(key), $"expected true or false, got {node.Describe()}.");
        return null;
    }

    public long? Integer(string key) => IntegerOf(Node(key), FieldOf(key));

    /// <summary>Reads a list of strings; a single string is not accepted in place of a list.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var node = Node(key);
        var field = FieldOf(key);
        var items = List(node, field);
        if (items is null)
        {
            return null;
        }

        var values = new List<string>(items.Items.Count);
        for (var i = 0; i < items.Items.Count; i++)
        {
            var value = StringOf(items.Items[i], FieldPath.Index(field, i));
            if (value is not null)
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>Reads a list, reporting any other kind of value; null (or absent) gives null.</summary>
    public DocSequence? List(string key) => List(Node(key), FieldOf(key));

    /// <summary>Opens a nested mapping; null (or absent) gives null.</summary>
    public MappingReader? Nested(string key)
    {
        var node = Node(key);
        return node is null or DocScalar { Kind: ScalarKind.Null } ? null : _context.Open(node, FieldOf(key));
    }

    /// <summary>Reads a mapping of strings to strings.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var nested = Nested(key);
        if (nested is null)
        {
            return null;
        }

        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in nested.Mapping.Entries)
        {
            var value = StringOf(entry.Value, FieldPath.Key(nested.Path, entry.Key.Value));
            if (value is not null)
            {
                map[entry.Key.Value] = value;
            }
        }

        return map;
    }

    /// <summary>Reads a mapping whose values are free-form data, kept as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement>? JsonMap(string key)
    {
        var nested = Nested(key);
        if (nested is null)
        {
            return null;
        }

        var map = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var entry in nested.Mapping.Entries)
        {
            map[entry.Key.Value] = DocJson.ToJson(entry.Value);
        }

        return map;
    }

    /// <summary>Reads an enumerated value, reporting anything outside <paramref name="allowed"/>.</summary>
    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> allowed)
        where T : struct
    {
        var node = Node(key);
        var text = StringOf(node, FieldOf(key));
        if (text is null || node is null)
        {
            return null;
        }

        if (allowed.TryGetValue(text, out var value))
        {
            return value;
        }

        _context.Error(node, FieldOf(key), $"'{text}' is not allowed; use one of: {string.Join(", ", allowed.Keys)}.");
        return null;
    }

    /// <summary>Reports every key that no getter asked for, naming the allowed keys and the closest match.</summary>
    public void Complete()
    {
        foreach (var entry in _mapping.Entries)
        {
            var key = entry.Key.Value;
            if (_known.Contains(key))
            {
                continue;
            }

            var suggestion = Suggestions.Closest(key, _order);
            var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
            _context.Diagnostics.Error(entry.Key.Location, FieldOf(key), $"is not a known field.{hint} Allowed here: {string.Join(", ", _order)}.");
        }
    }

    /// <summary>Reads a scalar as a string, reporting non-string scalars and collections.</summary>
    public string? StringOf(DocNode? node, string field)
    {
        switch (node)
        {
            case null:
            case DocScalar { Kind: ScalarKind.Null }:
                return null;
            case DocScalar { Kind: ScalarKind.String } scalar:
                return scalar.Value;
            case DocScalar scalar:
                _context.Error(node, field, $"expected a string, got {scalar.Describe()}; quote it (\"{scalar.Value}\") if it is meant as text.");
                return null;
            default:
                _context.Error(node, field, $"expected a string, got {node.Describe()}.");
                return null;
        }
    }

    /// <summary>Reads a scalar as a whole number, reporting anything else.</summary>
    public long? IntegerOf(DocNode? node, string field)
    {
        switch (node)
        {
            case null:
            case DocScalar { Kind: ScalarKind.Null }:
                return null;
            case DocScalar { Kind: ScalarKind.Integer } scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value):
                return value;
            default:
                _context.Error(node, field, $"expected a whole number, got {node.Describe()}.");
                return null;
        }
    }

    /// <summary>Reads a list node, reporting any other kind of value.</summary>
    public DocSequence? List(DocNode? node, string field)
    {
        switch (node)
        {
            case null:
            case DocScalar { Kind: ScalarKind.Null }:
                return null;
            case DocSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    _context.SourceMap.Add(FieldPath.Index(field, i), sequence.Items[i].Location);
                }

                return sequence;
            default:
                _context.Error(node, field, $"expected a list, got {node.Describe()}.");
                return null;
        }
    }
}
