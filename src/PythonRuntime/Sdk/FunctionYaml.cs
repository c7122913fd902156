using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Sdk;

/// <summary>
/// Serializes a <see cref="FunctionSpec"/> to the snake_case YAML of <c>function.yaml</c>, so that loading
/// the text gives an equal spec. Values equal to their defaults are left out; resources are always written
/// in the <c>{requests, limits}</c> shape and node selectors as <c>[{key, value}]</c> (both shapes load alike).
/// </summary>
public static class FunctionYaml
{
    /// <summary>The schema comment that makes editors check a function definition placed in <c>functions/&lt;name&gt;/</c>.</summary>
    public const string SchemaComment = "# yaml-language-server: $schema=../../schemas/function.schema.json";

    /// <summary>Writes <paramref name="spec"/> as YAML, with the schema comment first unless <paramref name="schemaComment"/> is false.</summary>
    public static string Write(FunctionSpec spec, bool schemaComment = true)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        if (schemaComment)
        {
            text.Write(SchemaComment + "\n");
        }

        var yaml = new YamlWriter(text);
        yaml.BeginMap();
        yaml.Entry("project", spec.Project);
        yaml.Entry("name", spec.Name);
        yaml.Entry("kind", spec.Kind);
        yaml.Entry("uuid", spec.Uuid);
        yaml.Entry("python_version", spec.PythonVersion.ToName());
        yaml.Entry("description", spec.Description);
        if (spec.Labels.Count > 0)
        {
            yaml.Strings("labels", spec.Labels);
        }

        if (!spec.Embedded)
        {
            yaml.Entry("embedded", false);
        }

        yaml.Entry("code_src", spec.CodeSrc);
        yaml.Entry("handler", spec.Handler);
        yaml.Entry("init_function", spec.InitFunction);
        yaml.Entry("lang", spec.Lang);
        yaml.Entry("image", spec.Image);
        yaml.Entry("base_image", spec.BaseImage);
        if (spec.Requirements.Count > 0)
        {
            yaml.Strings("requirements", spec.Requirements);
        }

        yaml.Strings("outputs", spec.Outputs);
        yaml.Entry("code", spec.Code);
        yaml.Entry("base64", spec.Base64);
        Tasks(yaml, spec.Tasks);
        Run(yaml, spec.Run);
        yaml.EndMap();
        yaml.Finish();
        return text.ToString();
    }

    private static void Tasks(YamlWriter yaml, FunctionTasks tasks)
    {
        if (tasks.Build is null && tasks.Job is null && tasks.Serve is null)
        {
            return;
        }

        yaml.Key("tasks");
        yaml.BeginMap();
        foreach (var action in new[] { TaskAction.Build, TaskAction.Job, TaskAction.Serve })
        {
            if (tasks.For(action) is { } task)
            {
                yaml.Key(Spellings.Of(action));
                TaskYaml.Write(yaml, task);
            }
        }

        yaml.EndMap();
    }

    private static void Run(YamlWriter yaml, RunSpec run)
    {
        if (!run.LocalExecution && run.Inputs.Count == 0 && run.Parameters.Count == 0 && run.InitParameters.Count == 0)
        {
            return;
        }

        yaml.Key("run");
        yaml.BeginMap();
        if (run.LocalExecution)
        {
            yaml.Entry("local_execution", true);
        }

        if (run.Inputs.Count > 0)
        {
            yaml.StringMap("inputs", run.Inputs);
        }

        foreach (var (key, values) in new[] { ("parameters", run.Parameters), ("init_parameters", run.InitParameters) })
        {
            if (values.Count == 0)
            {
                continue;
            }

            yaml.Key(key);
            yaml.BeginMap();
            foreach (var (name, value) in values)
            {
                yaml.Key(name);
                yaml.Json(value);
            }

            yaml.EndMap();
        }

        yaml.EndMap();
    }
}
