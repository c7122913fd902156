using System.Text.Json.Nodes;

namespace PythonRuntime.Rendering.Model;

/// <summary>A pod's volumes and the container's mounts of them, in the same order.</summary>
internal sealed record VolumeSet(List<JsonObject> Volumes, List<JsonObject> Mounts);
