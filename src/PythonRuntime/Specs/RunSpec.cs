using System.Text.Json;

namespace PythonRuntime.Specs;

/// <summary>
/// The seed's Run parameters. <see cref="Inputs"/> maps a handler parameter to an entity key
/// (<c>store://project/kind/name:id</c>); parameters and init parameters are JSON values.
/// </summary>
public sealed record RunSpec
{
    /// <summary>Gets an empty run spec.</summary>
    public static RunSpec Empty { get; } = new();

    public bool LocalExecution { get; init; }

    public IReadOnlyDictionary<string, string> Inputs { get; init; } = EmptyMap<string>.Instance;

    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = EmptyMap<JsonElement>.Instance;

    public IReadOnlyDictionary<string, JsonElement> InitParameters { get; init; } = EmptyMap<JsonElement>.Instance;
}
