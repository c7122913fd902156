using System.Text.Json;
using System.Text.Json.Serialization;

namespace PythonRuntime.Execution;

/// <summary>The runner's <c>status.json</c>: the job's final state, results, output files and error.</summary>
public sealed record RunnerStatus
{
    [JsonPropertyName("state")]
    public string State { get; init; } = "ERROR";

    [JsonPropertyName("results")]
    public Dictionary<string, JsonElement> Results { get; init; } = [];

    [JsonPropertyName("outputs")]
    public Dictionary<string, RunnerOutput> Outputs { get; init; } = [];

    [JsonPropertyName("error")]
    public RunnerError? Error { get; init; }
}
