namespace PythonRuntime.Rendering.Model;

/// <summary>A manifest's metadata (<c>meta</c> in templates).</summary>
internal sealed record ObjectMetaModel(
    string Name,
    string Namespace,
    IReadOnlyList<NamedValue> Labels,
    IReadOnlyList<NamedValue> Annotations);
