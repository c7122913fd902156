using System.Text.Json.Nodes;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// A pod template (<c>pod</c> in templates). Volumes, tolerations and affinity are JSON objects in Kubernetes
/// field names, written with <c>yaml_flow</c>; they are built fresh for every render and never shared.
/// </summary>
internal sealed record PodModel(
    IReadOnlyList<NamedValue> Labels,
    IReadOnlyList<NamedValue> Annotations,
    long Uid,
    long Gid,
    IReadOnlyList<NamedValue> NodeSelector,
    JsonObject? Affinity,
    IReadOnlyList<JsonObject> Tolerations,
    IReadOnlyList<JsonObject> Volumes)
{
    public bool HasNodeSelector => NodeSelector.Count > 0;

    public bool HasTolerations => Tolerations.Count > 0;
}
