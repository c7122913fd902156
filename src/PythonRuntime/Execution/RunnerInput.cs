using System.Text.Json.Serialization;

namespace PythonRuntime.Execution;

/// <summary>An input as the handler sees it: the entity key, its name and a local file path.</summary>
public sealed record RunnerInput(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path);
