using PythonRuntime.Specs;

namespace PythonRuntime.Loading;

/// <summary>Binds a task block (<c>tasks.job</c>, a project profile, the project defaults) to a <see cref="TaskSpec"/>.</summary>
public static class TaskBinder
{
    public static TaskSpec? Bind(MappingReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        var spec = new TaskSpec
        {
            Action = reader.Enum("action", Spellings.Actions),
            NodeSelector = NodeSelector(reader),
            Volumes = Volumes(reader),
            Resources = Resources(reader),
            Affinity = Affinity(reader),
            Tolerations = Tolerations(reader),
            Envs = Envs(reader),
            Secrets = reader.StringList("secrets"),
            Profile = reader.String("profile"),
            Replicas = Replicas(reader),
            ServiceType = reader.Enum("service_type", Spellings.ServiceTypes),
            Instructions = reader.StringList("instructions"),
        };
        reader.Complete();
        return spec;
    }

    private static System.Text.Json.JsonElement? Affinity(MappingReader reader)
    {
        var affinity = reader.Nested("affinity");
        if (affinity is null)
        {
            return null;
        }

        // Rules check nested affinity keys; record where each one is so errors point at its line.
        reader.Context.SourceMap.AddTree(affinity.Path, affinity.Mapping);
        return DocJson.ToJson(affinity.Mapping);
    }

    private static int? Replicas(MappingReader reader)
    {
        var value = reader.Integer("replicas");
        if (value is null)
        {
            return null;
        }

        // Out-of-range values stay visible to validation instead of wrapping around.
        return (int)Math.Clamp(value.Value, int.MinValue, int.MaxValue);
    }

    private static IReadOnlyList<NodeSelectorEntry>? NodeSelector(MappingReader reader)
    {
        var node = reader.Node("node_selector");
        var field = reader.FieldOf("node_selector");
        if (node is DocMapping)
        {
            // The Kubernetes shape: a plain map of label to value.
            var map = reader.StringMap("node_selector") ?? new Dictionary<string, string>();
            return map.Select(pair => new NodeSelectorEntry(pair.Key, pair.Value)).ToArray();
        }

        var list = reader.List(node, field);
        if (list is null)
        {
            return null;
        }

        var entries = new List<NodeSelectorEntry>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = reader.Context.Open(list.Items[i], FieldPath.Index(field, i));
            if (item is null)
            {
                continue;
            }

            var key = item.RequiredString("key", "a node label name such as 'kubernetes.io/arch'.");
            var value = item.RequiredString("value", "the label value the node must have.");
            item.Complete();
            if (key is not null && value is not null)
            {
                entries.Add(new NodeSelectorEntry(key, value));
            }
        }

        return entries;
    }

    private static IReadOnlyList<VolumeSpec>? Volumes(MappingReader reader)
    {
        var field = reader.FieldOf("volumes");
        var list = reader.List("volumes");
        if (list is null)
        {
            return null;
        }

        var volumes = new List<VolumeSpec>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = reader.Context.Open(list.Items[i], FieldPath.Index(field, i));
            if (item is null)
            {
                continue;
            }

            var type = item.Enum("volume_type", Spellings.VolumeTypes);
            if (type is null && !item.Has("volume_type"))
            {
                item.RequiredString("volume_type", $"one of: {string.Join(", ", Spellings.VolumeTypes.Keys)}.");
            }

            var name = item.RequiredString("name", "a DNS-1123 label such as 'data'.");
            var mountPath = item.RequiredString("mount_path", "an absolute path such as '/data'.");
            var readOnly = item.Bool("read_only") ?? false;
            var settings = item.StringMap("spec") ?? new Dictionary<string, string>();
            item.Complete();
            if (type is not null && name is not null && mountPath is not null)
            {
                volumes.Add(new VolumeSpec(type.Value, name, mountPath, readOnly, settings));
            }
        }

        return volumes;
    }

    private static ResourcesSpec? Resources(MappingReader reader)
    {
        var nested = reader.Nested("resources");
        if (nested is null)
        {
            return null;
        }

        var spec = new ResourcesSpec(Range(nested, "cpu"), Range(nested, "mem"), Range(nested, "gpu"), Range(nested, "disk"));
        nested.Complete();
        return spec;
    }

    private static ResourceRange Range(MappingReader resources, string key)
    {
        var node = resources.Node(key);
        var field = resources.FieldOf(key);
        switch (node)
        {
            case null:
            case DocScalar { Kind: ScalarKind.Null }:
                return ResourceRange.None;
            case DocScalar scalar:
                // The flat shape: one quantity is both the request and the limit.
                var flat = Quantity(resources, scalar, field);
                return new ResourceRange(flat, flat);
            default:
                var nested = resources.Context.Open(node, field);
                if (nested is null)
                {
                    return ResourceRange.None;
                }

                var range = new ResourceRange(
                    Quantity(nested, nested.Node("requests"), nested.FieldOf("requests")),
                    Quantity(nested, nested.Node("limits"), nested.FieldOf("limits")));
                nested.Complete();
                return range;
        }
    }

    private static string? Quantity(MappingReader reader, DocNode? node, string field)
    {
        // Kubernetes takes bare numbers as quantities (cpu: 1, cpu: 0.5), so numbers are accepted here.
        if (node is DocScalar { Kind: ScalarKind.Integer or ScalarKind.Float } number)
        {
            return number.Value;
        }

        return reader.StringOf(node, field);
    }

    private static IReadOnlyList<TolerationSpec>? Tolerations(MappingReader reader)
    {
        var field = reader.FieldOf("tolerations");
        var list = reader.List("tolerations");
        if (list is null)
        {
            return null;
        }

        var tolerations = new List<TolerationSpec>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = reader.Context.Open(list.Items[i], FieldPath.Index(field, i));
            if (item is null)
            {
                continue;
            }

            var seconds = item.FirstOf("toleration_seconds", "tolerationSeconds");
            tolerations.Add(new TolerationSpec(
                item.String("key"),
                item.String("operator"),
                item.String("value"),
                item.String("effect"),
                seconds is { } found ? item.IntegerOf(found.Node, item.FieldOf(found.Key)) : null));
            item.Complete();
        }

        return tolerations;
    }

    private static IReadOnlyList<EnvVarSpec>? Envs(MappingReader reader)
    {
        var field = reader.FieldOf("envs");
        var list = reader.List("envs");
        if (list is null)
        {
            return null;
        }

        var envs = new List<EnvVarSpec>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = reader.Context.Open(list.Items[i], FieldPath.Index(field, i));
            if (item is null)
            {
                continue;
            }

            var name = item.RequiredString("name", "an environment variable name such as 'LOG_LEVEL'.");
            var value = item.String("value") ?? string.Empty;
            item.Complete();
            if (name is not null)
            {
                envs.Add(new EnvVarSpec(name, value));
            }
        }

        return envs;
    }
}
