using PythonRuntime.Specs;

namespace PythonRuntime.Loading;

/// <summary>Binds a <c>function.yaml</c> document to a <see cref="FunctionSpec"/>, reporting type errors and unknown fields.</summary>
public static class FunctionBinder
{
    /// <summary>
    /// Binds <paramref name="root"/>. Returns null only when the document is not a mapping; a missing
    /// required value is reported and replaced by a placeholder so the remaining fields are still checked.
    /// </summary>
    public static FunctionSpec? Bind(DocNode root, BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.Open(root, string.Empty);
        if (reader is null)
        {
            return null;
        }

        var name = reader.RequiredString("name", "a lowercase DNS-1123 label such as 'hello-world'.") ?? string.Empty;
        var version = reader.Enum("python_version", Spellings.PythonVersions);
        if (version is null && !reader.Has("python_version"))
        {
            context.Diagnostics.Error(reader.Mapping.Location, "python_version", $"is required; use one of: {string.Join(", ", PythonVersions.Names)}.");
        }

        var spec = new FunctionSpec
        {
            Project = reader.String("project"),
            Name = name,
            Kind = reader.RequiredString("kind", "use 'python'.") ?? "python",
            Uuid = reader.String("uuid"),
            Description = reader.String("description"),
            Labels = reader.StringList("labels") ?? [],
            Embedded = reader.Bool("embedded") ?? true,
            CodeSrc = reader.String("code_src"),
            Code = reader.String("code"),
            Base64 = reader.String("base64"),
            Handler = reader.String("handler"),
            InitFunction = reader.String("init_function"),
            PythonVersion = version ?? PythonVersion.Python3_11,
            Lang = reader.String("lang"),
            Image = reader.String("image"),
            BaseImage = reader.String("base_image"),
            Requirements = reader.StringList("requirements") ?? [],
            Outputs = reader.StringList("outputs"),
            Tasks = Tasks(reader),
            Run = RunBinder.Bind(reader.Nested("run")),
        };
        reader.Complete();
        return spec;
    }

    private static FunctionTasks Tasks(MappingReader reader)
    {
        var tasks = reader.Nested("tasks");
        if (tasks is null)
        {
            return FunctionTasks.None;
        }

        var result = new FunctionTasks(
            TaskBinder.Bind(tasks.Nested("build")),
            TaskBinder.Bind(tasks.Nested("job")),
            TaskBinder.Bind(tasks.Nested("serve")));
        tasks.Complete();
        return result;
    }
}
