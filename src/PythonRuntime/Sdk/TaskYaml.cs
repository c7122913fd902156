using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Sdk;

/// <summary>Writes one <see cref="TaskSpec"/> as the mapping of a <c>tasks.&lt;action&gt;</c> block.</summary>
internal static class TaskYaml
{
    public static void Write(YamlWriter yaml, TaskSpec task)
    {
        yaml.BeginMap();
        if (task.Action is { } action)
        {
            yaml.Entry("action", Spellings.Of(action));
        }

        yaml.Entry("profile", task.Profile);
        yaml.Entry("replicas", task.Replicas);
        if (task.ServiceType is { } serviceType)
        {
            yaml.Entry("service_type", Spellings.ServiceTypes.First(pair => pair.Value == serviceType).Key);
        }

        Resources(yaml, task.Resources);
        if (task.Envs is { } envs)
        {
            yaml.Key("envs");
            yaml.BeginList(envs.Count == 0);
            foreach (var env in envs)
            {
                yaml.BeginMap();
                yaml.Entry("name", env.Name);
                yaml.Entry("value", env.Value);
                yaml.EndMap();
            }

            yaml.EndList();
        }

        yaml.Strings("secrets", task.Secrets);
        Volumes(yaml, task.Volumes);
        if (task.NodeSelector is { } selector)
        {
            yaml.Key("node_selector");
            yaml.BeginList(selector.Count == 0);
            foreach (var entry in selector)
            {
                yaml.BeginMap();
                yaml.Entry("key", entry.Key);
                yaml.Entry("value", entry.Value);
                yaml.EndMap();
            }

            yaml.EndList();
        }

        Tolerations(yaml, task.Tolerations);
        if (task.Affinity is { } affinity)
        {
            yaml.Key("affinity");
            yaml.Json(affinity);
        }

        yaml.Strings("instructions", task.Instructions);
        yaml.EndMap();
    }

    private static void Resources(YamlWriter yaml, ResourcesSpec? resources)
    {
        if (resources is null)
        {
            return;
        }

        var ranges = new[] { ("cpu", resources.Cpu), ("mem", resources.Mem), ("gpu", resources.Gpu), ("disk", resources.Disk) }
            .Where(pair => !pair.Item2.IsEmpty)
            .ToArray();
        yaml.Key("resources");
        yaml.BeginMap(ranges.Length == 0);
        foreach (var (key, range) in ranges)
        {
            yaml.Key(key);
            yaml.BeginMap();
            yaml.Entry("requests", range.Requests);
            yaml.Entry("limits", range.Limits);
            yaml.EndMap();
        }

        yaml.EndMap();
    }

    private static void Volumes(YamlWriter yaml, IReadOnlyList<VolumeSpec>? volumes)
    {
        if (volumes is null)
        {
            return;
        }

        yaml.Key("volumes");
        yaml.BeginList(volumes.Count == 0);
        foreach (var volume in volumes)
        {
            yaml.BeginMap();
            yaml.Entry("name", volume.Name);
            yaml.Entry("volume_type", Spellings.Of(volume.VolumeType));
            yaml.Entry("mount_path", volume.MountPath);
            if (volume.ReadOnly)
            {
                yaml.Entry("read_only", true);
            }

            if (volume.Spec.Count > 0)
            {
                yaml.StringMap("spec", volume.Spec);
            }

            yaml.EndMap();
        }

        yaml.EndList();
    }

    private static void Tolerations(YamlWriter yaml, IReadOnlyList<TolerationSpec>? tolerations)
    {
        if (tolerations is null)
        {
            return;
        }

        yaml.Key("tolerations");
        yaml.BeginList(tolerations.Count == 0);
        foreach (var toleration in tolerations)
        {
            yaml.BeginMap();
            yaml.Entry("key", toleration.Key);
            yaml.Entry("operator", toleration.Operator);
            yaml.Entry("value", toleration.Value);
            yaml.Entry("effect", toleration.Effect);
            yaml.Entry("toleration_seconds", toleration.TolerationSeconds);
            yaml.EndMap();
        }

        yaml.EndList();
    }
}
