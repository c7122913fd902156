using System.Text.Json;
using System.Text.Json.Serialization;
using PythonRuntime.Execution;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// The runner's compact status in the container's termination message:
/// <c>{"state","results","outputs":[names],"error":{category,type,message}}</c>.
/// </summary>
public sealed record TerminationMessage
{
    [JsonPropertyName("state")]
    public string State { get; init; } = "ERROR";

    [JsonPropertyName("results")]
    public Dictionary<string, JsonElement> Results { get; init; } = [];

    [JsonPropertyName("outputs")]
    public List<string> Outputs { get; init; } = [];

    [JsonPropertyName("error")]
    public RunnerError? Error { get; init; }

    /// <summary>Parses a termination message; null when it is empty or not the runner's JSON (for example a log tail).</summary>
    public static TerminationMessage? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TerminationMessage>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
