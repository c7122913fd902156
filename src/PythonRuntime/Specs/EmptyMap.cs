namespace PythonRuntime.Specs;

/// <summary>A shared empty read-only map, so optional maps in the spec model are never null.</summary>
internal static class EmptyMap<TValue>
{
    public static IReadOnlyDictionary<string, TValue> Instance { get; } = new Dictionary<string, TValue>(StringComparer.Ordinal);
}
