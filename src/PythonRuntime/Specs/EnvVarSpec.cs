namespace PythonRuntime.Specs;

/// <summary>A literal environment variable for the function's container (seed: <c>{name, value}</c>).</summary>
public sealed record EnvVarSpec(string Name, string Value);
