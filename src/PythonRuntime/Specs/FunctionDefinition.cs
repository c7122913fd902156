namespace PythonRuntime.Specs;

/// <summary>
/// A validated function together with where it came from: the folder its relative <c>code_src</c> is
/// resolved against and the definition file (null for functions made through the SDK).
/// </summary>
public sealed record FunctionDefinition(FunctionSpec Spec, string Directory, string? File);
