using System.Text.Json;

namespace PythonRuntime.Execution.Http;

/// <summary>
/// A call to a served function, named after the seed's <c>run.invoke(method=..., url=..., json=..., data=...)</c>.
/// <see cref="Url"/> overrides the run's service URL; <see cref="Path"/> is appended to it. <see cref="Json"/> and
/// <see cref="Data"/> are exclusive. The method stays what the caller says (POST by default), with or without a body.
/// </summary>
public sealed record InvokeRequest
{
    public string Method { get; init; } = "POST";

    public string? Url { get; init; }

    public string Path { get; init; } = "/";

    public JsonElement? Json { get; init; }

    public byte[]? Data { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
