namespace PythonRuntime.Specs;

/// <summary>One node label the pod must match (seed: <c>[{key, value}]</c>; a plain map is accepted too).</summary>
public sealed record NodeSelectorEntry(string Key, string Value);
