namespace PythonRuntime.Rendering.Model;

/// <summary>One entry of an ordered map handed to a template (labels, annotations, env, resources).</summary>
internal sealed record NamedValue(string Key, string Value);
