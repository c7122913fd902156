using PythonRuntime.Specs;

namespace PythonRuntime.Loading;

/// <summary>Binds a <c>project.yaml</c> document to a <see cref="ProjectSpec"/>.</summary>
public static class ProjectBinder
{
    public static ProjectSpec? Bind(DocNode root, BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.Open(root, string.Empty);
        if (reader is null)
        {
            return null;
        }

        var spec = new ProjectSpec
        {
            Name = reader.RequiredString("name", "a lowercase DNS-1123 label such as 'demo'.") ?? string.Empty,
            Description = reader.String("description"),
            Registry = reader.String("registry"),
            Namespace = reader.String("namespace"),
            BaseImages = BaseImages(reader),
            PipIndexUrl = reader.String("pip_index_url"),
            Templates = reader.String("templates"),
            Defaults = TaskBinder.Bind(reader.Nested("defaults")) ?? TaskSpec.Empty,
            Profiles = Profiles(reader),
        };
        reader.Complete();
        return spec;
    }

    private static IReadOnlyDictionary<PythonVersion, string> BaseImages(MappingReader reader)
    {
        var nested = reader.Nested("base_images");
        var images = new SortedDictionary<PythonVersion, string>();
        if (nested is null)
        {
            return images;
        }

        foreach (var entry in nested.Mapping.Entries)
        {
            var image = nested.String(entry.Key.Value);
            if (!PythonVersions.TryParse(entry.Key.Value, out var version))
            {
                nested.Context.Error(entry.Key, nested.FieldOf(entry.Key.Value), $"is not a Python version; use one of: {string.Join(", ", PythonVersions.Names)}.");
                continue;
            }

            if (image is not null)
            {
                images[version] = image;
            }
        }

        return images;
    }

    private static IReadOnlyDictionary<string, TaskSpec> Profiles(MappingReader reader)
    {
        var nested = reader.Nested("profiles");
        var profiles = new SortedDictionary<string, TaskSpec>(StringComparer.Ordinal);
        if (nested is null)
        {
            return profiles;
        }

        foreach (var entry in nested.Mapping.Entries)
        {
            var profile = TaskBinder.Bind(nested.Nested(entry.Key.Value));
            if (profile is not null)
            {
                profiles[entry.Key.Value] = profile;
            }
        }

        return profiles;
    }
}
