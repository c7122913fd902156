using System.Text.Json;

namespace PythonRuntime.Specs;

/// <summary>
/// The seed's Task parameters. Every value is optional so that the same record describes a full task,
/// a named profile in <c>project.yaml</c> and the project's defaults; <see cref="Over"/> layers them.
/// <see cref="Replicas"/> and <see cref="ServiceType"/> apply to serve only, <see cref="Instructions"/> to build only.
/// </summary>
public sealed record TaskSpec
{
    /// <summary>Gets an empty task spec.</summary>
    public static TaskSpec Empty { get; } = new();

    public TaskAction? Action { get; init; }

    public IReadOnlyList<NodeSelectorEntry>? NodeSelector { get; init; }

    public IReadOnlyList<VolumeSpec>? Volumes { get; init; }

    public ResourcesSpec? Resources { get; init; }

    /// <summary>Gets the Kubernetes affinity object (camelCase keys, as in a pod spec), kept as JSON.</summary>
    public JsonElement? Affinity { get; init; }

    public IReadOnlyList<TolerationSpec>? Tolerations { get; init; }

    public IReadOnlyList<EnvVarSpec>? Envs { get; init; }

    /// <summary>Gets the names of Kubernetes Secrets to expose to the function (references, never values).</summary>
    public IReadOnlyList<string>? Secrets { get; init; }

    /// <summary>Gets the name of a profile declared in <c>project.yaml</c>.</summary>
    public string? Profile { get; init; }

    public int? Replicas { get; init; }

    public ServiceType? ServiceType { get; init; }

    /// <summary>Gets shell commands run as root, one Dockerfile <c>RUN</c> each, before requirements are installed.</summary>
    public IReadOnlyList<string>? Instructions { get; init; }

    /// <summary>
    /// Returns this spec with every unset value taken from <paramref name="fallback"/>.
    /// Lists are replaced, not merged, so a task can clear what a profile set by giving an empty list;
    /// resources are merged per value so a task can raise one limit and keep the rest.
    /// </summary>
    public TaskSpec Over(TaskSpec fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new TaskSpec
        {
            Action = Action ?? fallback.Action,
            NodeSelector = NodeSelector ?? fallback.NodeSelector,
            Volumes = Volumes ?? fallback.Volumes,
            Resources = Resources is null ? fallback.Resources : fallback.Resources is null ? Resources : Resources.Over(fallback.Resources),
            Affinity = Affinity ?? fallback.Affinity,
            Tolerations = Tolerations ?? fallback.Tolerations,
            Envs = Envs ?? fallback.Envs,
            Secrets = Secrets ?? fallback.Secrets,
            Profile = Profile ?? fallback.Profile,
            Replicas = Replicas ?? fallback.Replicas,
            ServiceType = ServiceType ?? fallback.ServiceType,
            Instructions = Instructions ?? fallback.Instructions,
        };
    }
}
