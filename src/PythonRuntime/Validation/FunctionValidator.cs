using System.Text.RegularExpressions;
using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Checks the rules of a function definition, whether it came from a file or the SDK: every problem is
/// reported to the scope (nothing throws), so a user sees all of them at once.
/// </summary>
public static partial class FunctionValidator
{
    public static void Validate(FunctionSpec spec, FunctionContext context, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        Identity(spec, context, scope);
        Source(spec, context, scope);
        Build(spec, scope);
        if (spec.Outputs is { } outputs)
        {
            RunRules.Outputs(outputs, "outputs", scope);
        }

        Tasks(spec.Tasks, context.Project, scope);
        RunRules.Check(spec.Run, "run", scope);
    }

    private static void Identity(FunctionSpec spec, FunctionContext context, ValidationScope scope)
    {
        if (context.InProject && spec.Project is not null)
        {
            var name = context.Project!.Name.Length > 0 ? $" ('{context.Project.Name}', from project.yaml)" : string.Empty;
            scope.Error("project", $"must not be set in a function that belongs to a project{name}; remove it.");
        }
        else if (!context.InProject)
        {
            if (string.IsNullOrEmpty(spec.Project))
            {
                scope.Error("project", "is required for a function created without a project; name the project (for example 'demo').");
            }
            else
            {
                Rules.Name(spec.Project, "project", scope);
            }
        }

        if (spec.Name.Length > 0)
        {
            Rules.Name(spec.Name, "name", scope);
        }

        if (!string.Equals(spec.Kind, "python", StringComparison.Ordinal))
        {
            scope.Error("kind", $"'{Text.Clip(spec.Kind)}' is not supported; use one of: python.");
        }

        if (spec.Uuid is { } uuid && !UuidPattern().IsMatch(uuid))
        {
            scope.Error("uuid", $"'{Text.Clip(uuid)}' is not a UUID; use the 8-4-4-4-12 hexadecimal form such as '3f2b8c1e-5d4a-4e8f-9b1c-2a7d6e0f4c3b'.");
        }

        if (spec.Description is { } description)
        {
            if (Text.MultiLineProblem(description) is { } problem)
            {
                scope.Error("description", $"{problem}.");
            }
            else if (description.Length > Limits.MaxDescriptionLength)
            {
                scope.Error("description", $"is {description.Length} characters long; at most {Limits.MaxDescriptionLength} are allowed.");
            }
        }

        for (var i = 0; i < spec.Labels.Count; i++)
        {
            var label = spec.Labels[i];
            var problem = label.Length == 0 ? "is empty" : KubernetesNames.LabelValue(label);
            if (problem is not null)
            {
                scope.Error(FieldPath.Index("labels", i), $"'{Text.Clip(label)}' {problem}.");
            }
        }

        Rules.Unique(spec.Labels, l => l, i => FieldPath.Index("labels", i), "label", scope);
    }

    private static void Source(FunctionSpec spec, FunctionContext context, ValidationScope scope)
    {
        var hasCode = spec.Code is not null;
        var hasBase64 = spec.Base64 is not null;
        if (spec.CodeSrc is null && !hasCode && !hasBase64)
        {
            scope.Error("code_src", "Source must be provided: set code_src (a file or folder, or a URI), code (inline source) or base64.");
        }

        if (hasCode)
        {
            InlineCodeRules.CheckCode(spec.Code!, "code", scope);
        }

        if (hasBase64)
        {
            // Checked even when code wins, so a broken value never sits unnoticed in a definition.
            InlineCodeRules.CheckBase64(spec.Base64!, "base64", scope);
        }

        if (spec.CodeSrc is { } codeSrc)
        {
            CodeSourceRules.Check(codeSrc, hasCode || hasBase64, context.Directory, "code_src", scope);
        }

        if (string.IsNullOrEmpty(spec.Handler))
        {
            scope.Error("handler", "is required; use 'func', 'module:func' or 'pkg.module:func'.");
        }
        else if (!PythonNames.IsHandler(spec.Handler))
        {
            scope.Error("handler", $"'{Text.Clip(spec.Handler)}' is not a valid handler; use 'func', 'module:func' or 'pkg.module:func' with ASCII Python identifiers.");
        }

        if (spec.InitFunction is { } init)
        {
            Rules.Identifier(init, "init_function", "an init function name", scope);
        }

        if (spec.Lang is { } lang && !string.Equals(lang, "python", StringComparison.Ordinal))
        {
            scope.Error("lang", $"'{Text.Clip(lang)}' is not allowed; use one of: python.");
        }
    }

    private static void Build(FunctionSpec spec, ValidationScope scope)
    {
        if (spec.Image is { } image)
        {
            ImageRules.Check(image, "image", scope);
        }

        if (spec.BaseImage is { } baseImage)
        {
            ImageRules.Check(baseImage, "base_image", scope);
        }

        var plain = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Requirements.Count; i++)
        {
            var line = spec.Requirements[i];
            var field = FieldPath.Index("requirements", i);
            if (Requirement.Problem(line) is { } problem)
            {
                scope.Error(field, $"'{Text.Clip(line)}' {problem}.");
                continue;
            }

            // Two unconditional lines for one package make pip fail ("Double requirement given").
            if (!Requirement.HasMarker(line) && !plain.TryAdd(Requirement.NormalizedName(line), i))
            {
                scope.Error(field, $"'{Text.Clip(line)}' names the same package as requirements[{plain[Requirement.NormalizedName(line)]}]; merge them into one line.");
            }
        }
    }

    private static void Tasks(FunctionTasks tasks, ProjectSpec? project, ValidationScope scope)
    {
        foreach (var action in new[] { TaskAction.Build, TaskAction.Job, TaskAction.Serve })
        {
            if (tasks.For(action) is not { } task)
            {
                continue;
            }

            var field = FieldPath.Key("tasks", Spellings.Of(action));
            TaskValidator.Validate(task, action, field, project, scope);
            if (project is not null)
            {
                var effective = project.ResolveTask(action, task);
                if (effective.Resources is { } resources)
                {
                    ResourceRules.CheckEffective(task.Resources ?? ResourcesSpec.None, resources, FieldPath.Key(field, "resources"), scope);
                }
            }
        }
    }

    [GeneratedRegex(@"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UuidPattern();
}
