using System.Text.Json;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Execution;

/// <summary>
/// Reads <c>name=value</c> options such as <c>--param=x=2</c>. A value that parses as JSON keeps its JSON type
/// (<c>x=2</c> is the integer 2, <c>x=[1,2]</c> a list); anything else is a string (<c>x=hello</c>).
/// </summary>
public static class CommandLineValues
{
    /// <summary>Parses several <c>name=value</c> pairs into JSON values by name; later names win.</summary>
    /// <exception cref="PythonRuntimeException">A pair has no '=' or an empty name.</exception>
    public static IReadOnlyDictionary<string, JsonElement> JsonPairs(IEnumerable<string> pairs, string option)
    {
        var values = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, text) in Pairs(pairs, option))
        {
            values[name] = Typed(text);
        }

        return values;
    }

    /// <summary>Parses several <c>name=value</c> pairs into strings by name; later names win.</summary>
    public static IReadOnlyDictionary<string, string> TextPairs(IEnumerable<string> pairs, string option)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in Pairs(pairs, option))
        {
            values[name] = text;
        }

        return values;
    }

    /// <summary>Types one value: JSON when it parses as JSON, else a string.</summary>
    public static JsonElement Typed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    private static IEnumerable<(string Name, string Value)> Pairs(IEnumerable<string> pairs, string option)
    {
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new PythonRuntimeException(ExitCodes.Usage, $"The option --{option}='{pair}' is not of the form NAME=VALUE (for example --{option}=count=3).");
            }

            yield return (pair[..equals], pair[(equals + 1)..]);
        }
    }
}
