using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Checks free-form JSON (such as <c>affinity</c>) against the shape of a KubernetesClient model: every key
/// must be a property of the model (by its JSON name, camelCase), every value of the property's type, and
/// required properties present. Unlike one strict deserialization, which stops at the first unknown member,
/// this reports every problem with its field path and a "Did you mean" hint.
/// </summary>
public static class ModelShape
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Properties = new();

    /// <summary>Checks <paramref name="element"/> against <paramref name="type"/>; returns false when any problem was reported.</summary>
    public static bool Check(JsonElement element, Type type, string field, IReadOnlyDictionary<Type, string[]> required, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(scope);
        return Walk(element, type, field, required, scope);
    }

    private static bool Walk(JsonElement element, Type type, string field, IReadOnlyDictionary<Type, string[]> required, ValidationScope scope)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (target == typeof(string))
        {
            return Expect(element, JsonValueKind.String, "a string", field, scope);
        }

        if (target == typeof(int) || target == typeof(long))
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var whole) && (target == typeof(long) || whole is >= int.MinValue and <= int.MaxValue))
            {
                return true;
            }

            scope.Error(field, $"expected a whole number, got {Describe(element)}.");
            return false;
        }

        if (target == typeof(bool))
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return true;
            }

            scope.Error(field, $"expected true or false, got {Describe(element)}.");
            return false;
        }

        if (ItemType(target) is { } item)
        {
            if (!Expect(element, JsonValueKind.Array, "a list", field, scope))
            {
                return false;
            }

            var ok = true;
            var index = 0;
            foreach (var child in element.EnumerateArray())
            {
                ok &= Walk(child, item, FieldPath.Index(field, index++), required, scope);
            }

            return ok;
        }

        if (ValueType(target) is { } value)
        {
            if (!Expect(element, JsonValueKind.Object, "a mapping", field, scope))
            {
                return false;
            }

            var ok = true;
            foreach (var property in element.EnumerateObject())
            {
                ok &= Walk(property.Value, value, FieldPath.Key(field, property.Name), required, scope);
            }

            return ok;
        }

        return Expect(element, JsonValueKind.Object, "a mapping", field, scope) && WalkModel(element, target, field, required, scope);
    }

    private static bool WalkModel(JsonElement element, Type type, string field, IReadOnlyDictionary<Type, string[]> required, ValidationScope scope)
    {
        var ok = true;
        var properties = PropertiesOf(type);
        foreach (var property in element.EnumerateObject())
        {
            var path = FieldPath.Key(field, property.Name);
            if (properties.TryGetValue(property.Name, out var info))
            {
                ok &= Walk(property.Value, info.PropertyType, path, required, scope);
                continue;
            }

            var suggestion = Suggestions.Closest(property.Name, properties.Keys);
            var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
            scope.Error(path, $"is not a field of a Kubernetes {KindName(type)}.{hint} Allowed here: {string.Join(", ", properties.Keys)}.");
            ok = false;
        }

        foreach (var name in required.TryGetValue(type, out var names) ? names : [])
        {
            if (!element.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
            {
                scope.Error(FieldPath.Key(field, name), "is required.");
                ok = false;
            }
        }

        return ok;
    }

    private static string KindName(Type type) =>
        type.Name.Length > 2 && type.Name[0] == 'V' && char.IsAsciiDigit(type.Name[1]) ? type.Name[2..] : type.Name;

    private static bool Expect(JsonElement element, JsonValueKind kind, string what, string field, ValidationScope scope)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        scope.Error(field, $"expected {what}, got {Describe(element)}.");
        return false;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"a number ({element.GetRawText()})",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static Type? ItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static Type? ValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition && (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static IReadOnlyDictionary<string, PropertyInfo> PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal));
}
