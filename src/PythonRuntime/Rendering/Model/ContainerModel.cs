using System.Text.Json.Nodes;

namespace PythonRuntime.Rendering.Model;

/// <summary>The one container of a pod (<c>container</c> in templates).</summary>
internal sealed record ContainerModel(
    string Name,
    string Image,
    string PullPolicy,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<NamedValue> Env,
    IReadOnlyList<NamedValue> Requests,
    IReadOnlyList<NamedValue> Limits,
    IReadOnlyList<JsonObject> VolumeMounts,
    IReadOnlyList<PortModel> Ports,
    ProbeModel? Readiness,
    ProbeModel? Liveness);
