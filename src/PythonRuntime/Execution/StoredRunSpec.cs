using System.Text.Json;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>The spec of a run as the store keeps it: no secret values, only names.</summary>
public sealed record StoredRunSpec(
    string FunctionKey,
    string Action,
    string Executor,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    IReadOnlyDictionary<string, JsonElement> InitParameters,
    TaskSpec Task);
