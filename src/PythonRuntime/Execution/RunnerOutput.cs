using System.Text.Json.Serialization;

namespace PythonRuntime.Execution;

/// <summary>One output file the runner wrote: its name in the output folder, format (json, bytes, pickle, file), size and hash.</summary>
public sealed record RunnerOutput(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);
