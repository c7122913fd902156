namespace PythonRuntime.Specs;

/// <summary>A Kubernetes toleration; snake_case and camelCase keys are both accepted in files.</summary>
public sealed record TolerationSpec(string? Key, string? Operator, string? Value, string? Effect, long? TolerationSeconds);
