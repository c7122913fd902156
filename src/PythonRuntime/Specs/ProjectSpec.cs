namespace PythonRuntime.Specs;

/// <summary>
/// The project file (<c>project.yaml</c> at the repository root): the project's name and the defaults
/// every function of it shares.
/// </summary>
public sealed record ProjectSpec
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Gets the registry images are pushed to, for example <c>127.0.0.1:5000</c>.</summary>
    public string? Registry { get; init; }

    /// <summary>Gets the Kubernetes namespace; <c>default</c> when unset.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the base image per Python version; built-in defaults fill the gaps.</summary>
    public IReadOnlyDictionary<PythonVersion, string> BaseImages { get; init; } = new Dictionary<PythonVersion, string>();

    /// <summary>Gets the pip index URL used for builds and local environments (never with credentials).</summary>
    public string? PipIndexUrl { get; init; }

    /// <summary>Gets a folder, relative to the project root, holding template overrides.</summary>
    public string? Templates { get; init; }

    /// <summary>Gets the task values every function starts from.</summary>
    public TaskSpec Defaults { get; init; } = TaskSpec.Empty;

    /// <summary>Gets named partial task specs that a task selects with <c>profile</c>.</summary>
    public IReadOnlyDictionary<string, TaskSpec> Profiles { get; init; } = new Dictionary<string, TaskSpec>(StringComparer.Ordinal);

    /// <summary>Gets the base image used when neither the function nor the project names one.</summary>
    public static string DefaultBaseImage(PythonVersion version) => $"python:{version.ToNumber()}-slim";

    /// <summary>Gets the base image for <paramref name="version"/>: the project's choice, else the built-in default.</summary>
    public string BaseImageFor(PythonVersion version) =>
        BaseImages.TryGetValue(version, out var image) ? image : DefaultBaseImage(version);

    /// <summary>
    /// Resolves the effective task for <paramref name="action"/>: task values win over the profile's,
    /// the profile's over the project defaults.
    /// </summary>
    public TaskSpec ResolveTask(TaskAction action, TaskSpec? task)
    {
        var own = task ?? TaskSpec.Empty;
        var profile = own.Profile is { } name && Profiles.TryGetValue(name, out var found) ? found : TaskSpec.Empty;
        return own.Over(profile).Over(Defaults) with { Action = action };
    }
}
