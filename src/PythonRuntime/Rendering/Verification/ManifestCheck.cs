using System.Text.Json.Nodes;
using k8s;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Templates;
using YamlDotNet.Core;

namespace PythonRuntime.Rendering.Verification;

/// <summary>
/// Compares what a template rendered (parsed back into typed objects) with the model it was given. A mismatch
/// names the template file and the line that writes the key; with a built-in template it is a bug.
/// </summary>
internal sealed class ManifestCheck(ParsedTemplate template, FunctionProblems problems, string function)
{
    public bool Failed { get; private set; }

    public ParsedTemplate Template => template;

    /// <summary>
    /// Parses <paramref name="text"/> strictly (unknown fields and duplicate keys fail) as one object of type
    /// <typeparamref name="T"/> whose apiVersion and kind are <paramref name="apiVersion"/> and <paramref name="kind"/>.
    /// </summary>
    public T? Parse<T>(string text, string apiVersion, string kind)
        where T : class, IKubernetesObject
    {
        T typed;
        try
        {
            typed = StrictManifestReader.Read<T>(text);
        }
        catch (YamlException ex)
        {
            Fail(1, $"is not valid Kubernetes YAML at output line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            return null;
        }
        catch (System.Text.Json.JsonException ex)
        {
            Fail(ex.Path is { Length: > 1 } path ? template.LineOf(path[(path.LastIndexOf('.') + 1)..].TrimEnd(']', '[', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')) : 1, $"cannot be read as a {kind} at {ex.Path}: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            Fail(1, $"cannot be read as a {kind}: {ex.Message}");
            return null;
        }

        if (typed.ApiVersion != apiVersion || typed.Kind != kind)
        {
            Fail(template.LineOf("kind"), $"must be one {apiVersion} {kind}, but is {Show(typed.ApiVersion)} {Show(typed.Kind)}");
            return null;
        }

        return typed;
    }

    /// <summary>Reports a mismatch at the template line that writes <paramref name="key"/>.</summary>
    public void Mismatch(string key, string message) => Fail(template.LineOf(key), message);

    public void Equal<TValue>(string key, string what, TValue? actual, TValue? expected)
    {
        if (!EqualityComparer<TValue>.Default.Equals(actual, expected))
        {
            Mismatch(key, $"has {what} {Show(actual)}, expected {Show(expected)}");
        }
    }

    public void SameList(string key, string what, IEnumerable<string>? actual, IEnumerable<string> expected)
    {
        var left = (actual ?? []).ToList();
        var right = expected.ToList();
        if (!left.SequenceEqual(right, StringComparer.Ordinal))
        {
            Mismatch(key, $"has {what} [{string.Join(", ", left.Select(Show))}], expected [{string.Join(", ", right.Select(Show))}]");
        }
    }

    /// <summary>Requires every expected entry to be present with its value; templates may add entries of their own.</summary>
    public void Contains(string key, string what, IDictionary<string, string>? actual, IEnumerable<NamedValue> expected)
    {
        foreach (var entry in expected)
        {
            if (actual is null || !actual.TryGetValue(entry.Key, out var value) || !string.Equals(value, entry.Value, StringComparison.Ordinal))
            {
                Mismatch(key, $"lacks the {what} {Show(entry.Key)} = {Show(entry.Value)}");
            }
        }
    }

    public void SameMap(string key, string what, IDictionary<string, string>? actual, IEnumerable<NamedValue> expected)
    {
        var left = (actual ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value);
        var right = expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value);
        SameList(key, what, left, right);
    }

    /// <summary>Compares typed objects with the model's JSON, field names and values alike (order of keys ignored).</summary>
    public void SameJson(string key, string what, object? actual, JsonNode? expected)
    {
        // Most pods have no tolerations or affinity: two empty sides need no serialization to compare.
        if (actual is null or System.Collections.ICollection { Count: 0 } && Empty(expected) is null)
        {
            return;
        }

        var left = actual is null ? null : JsonNode.Parse(KubernetesJson.Serialize(actual));
        if (!JsonNode.DeepEquals(Empty(left), Empty(expected)))
        {
            Mismatch(key, $"has {what} {left?.ToJsonString() ?? "null"}, expected {expected?.ToJsonString() ?? "null"}");
        }
    }

    public void Fail(int line, string message)
    {
        Failed = true;
        problems.Template(template.DisplayPath, line, 1, $"function '{function}': the rendered output {message}.", isBug: !template.IsOverride);
    }

    private static JsonNode? Empty(JsonNode? node) => node is JsonArray { Count: 0 } ? null : node;

    private static string Show<TValue>(TValue? value) => value switch
    {
        null => "null",
        string text => Quoting.MessageText.Show(text),
        _ => value.ToString() ?? "null",
    };
}
