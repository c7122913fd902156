using System.Text.Json;
using System.Text.Json.Serialization;

namespace PythonRuntime.Execution;

/// <summary>
/// What the Python runner is told, as JSON (a file locally, the <c>PYTHONRUNTIME_SPEC</c> variable in
/// containers). Every executor builds it the same way, so a function behaves the same everywhere.
/// </summary>
public sealed record RunnerSpec
{
    [JsonPropertyName("project")]
    public required string Project { get; init; }

    [JsonPropertyName("function")]
    public required string Function { get; init; }

    [JsonPropertyName("function_key")]
    public string? FunctionKey { get; init; }

    [JsonPropertyName("run_id")]
    public required string RunId { get; init; }

    [JsonPropertyName("run_key")]
    public string? RunKey { get; init; }

    [JsonPropertyName("code_dir")]
    public required string CodeDirectory { get; init; }

    [JsonPropertyName("code_src")]
    public string? CodeSrc { get; init; }

    [JsonPropertyName("handler")]
    public required string Handler { get; init; }

    [JsonPropertyName("init_function")]
    public string? InitFunction { get; init; }

    [JsonPropertyName("init_parameters")]
    public IReadOnlyDictionary<string, JsonElement> InitParameters { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("parameters")]
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("inputs")]
    public IReadOnlyDictionary<string, RunnerInput> Inputs { get; init; } = new Dictionary<string, RunnerInput>();

    [JsonPropertyName("outputs")]
    public IReadOnlyList<string>? Outputs { get; init; }

    [JsonPropertyName("output_dir")]
    public string? OutputDirectory { get; init; }

    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("port")]
    public int? Port { get; init; }

    [JsonPropertyName("health_port")]
    public int? HealthPort { get; init; }

    /// <summary>Serializes the spec as compact JSON with sorted parameter order preserved.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    private static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
