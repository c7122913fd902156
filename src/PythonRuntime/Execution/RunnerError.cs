using System.Text.Json.Serialization;

namespace PythonRuntime.Execution;

/// <summary>Why the runner failed: <c>setup</c> or <c>handler</c>, the exception type and its message.</summary>
public sealed record RunnerError(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message);
