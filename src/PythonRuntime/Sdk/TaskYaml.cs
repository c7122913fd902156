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
        ListOfMaps(yaml, "envs", task.Envs, env =>
        {
            yaml.Entry("name", env.Name);
            yaml.Entry("value", env.Value);
        });

        yaml.Strings("secrets", task.Secrets);
        ListOfMaps(yaml, "volumes", task.Volumes, volume =>
        {
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
        });
        ListOfMaps(yaml, "node_selector", task.NodeSelector, entry =>
        {
            yaml.Entry("key", entry.Key);
            yaml.Entry("value", entry.Value);
        });

        ListOfMaps(yaml, "tolerations", task.Tolerations, toleration =>
        {
            yaml.Entry("key", toleration.Key);
            yaml.Entry("operator", toleration.Operator);
            yaml.Entry("value", toleration.Value);
            yaml.Entry("effect", toleration.Effect);
            yaml.Entry("toleration_seconds", toleration.TolerationSeconds);
        });
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

    /// <summary>Writes <paramref name="items"/> under <paramref name="key"/> as a list of mappings; an unset list writes nothing.</summary>
    private static void ListOfMaps<T>(YamlWriter yaml, string key, IReadOnlyList<T>? items, Action<T> writeEntries)
    {
        if (items is null)
        {
            return;
        }

        yaml.Key(key);
        yaml.BeginList(items.Count == 0);
        foreach (var item in items)
        {
            yaml.BeginMap();
            writeEntries(item);
            yaml.EndMap();
        }

        yaml.EndList();
    }
}
