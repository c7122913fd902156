using PythonRuntime.Specs;

namespace PythonRuntime.Loading;

/// <summary>The exact spellings of enumerated values in definition files.</summary>
public static class Spellings
{
    public static IReadOnlyDictionary<string, TaskAction> Actions { get; } = new Dictionary<string, TaskAction>(StringComparer.Ordinal)
    {
        ["job"] = TaskAction.Job,
        ["serve"] = TaskAction.Serve,
        ["build"] = TaskAction.Build,
    };

    public static IReadOnlyDictionary<string, ServiceType> ServiceTypes { get; } = new Dictionary<string, ServiceType>(StringComparer.Ordinal)
    {
        ["ClusterIP"] = ServiceType.ClusterIP,
        ["NodePort"] = ServiceType.NodePort,
        ["LoadBalancer"] = ServiceType.LoadBalancer,
    };

    public static IReadOnlyDictionary<string, VolumeType> VolumeTypes { get; } = new Dictionary<string, VolumeType>(StringComparer.Ordinal)
    {
        ["empty_dir"] = VolumeType.EmptyDir,
        ["persistent_volume_claim"] = VolumeType.PersistentVolumeClaim,
        ["config_map"] = VolumeType.ConfigMap,
        ["secret"] = VolumeType.Secret,
    };

    public static IReadOnlyDictionary<string, PythonVersion> PythonVersions { get; } =
        Specs.PythonVersions.Names.ToDictionary(name => name, name => Specs.PythonVersions.TryParse(name, out var v) ? v : default, StringComparer.Ordinal);

    /// <summary>Gets the file spelling of an action (<c>job</c>).</summary>
    public static string Of(TaskAction action) => Actions.First(pair => pair.Value == action).Key;

    /// <summary>Gets the file spelling of a volume type (<c>empty_dir</c>).</summary>
    public static string Of(VolumeType type) => VolumeTypes.First(pair => pair.Value == type).Key;
}
